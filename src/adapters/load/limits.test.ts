/** Numbers and keys that would slip past a check silently are refused at load, with a sentence. */
import { describe, expect, test } from 'vitest'
import { loadScenarios } from './load-scenarios.js'
import { loadConfig } from './load-config.js'
import { scenarioJson, sentencesOf, tempProject } from './__fixtures__/temp-project.js'

describe('limits at load', () => {
  test('a deadlineMs of 2^31 or more (a timer that would fire after 1 ms) is refused in a scenario and in the config', async () => {
    const dir = tempProject({
      'a.scenario.json': scenarioJson('a', { deadlineMs: 2 ** 31 }),
      'cascade.config.json': JSON.stringify({ deadlineMs: 2 ** 40 }),
    })
    expect(await sentencesOf(loadScenarios(['a.scenario.json'], { cwd: dir }))).toContain(
      'a.scenario.json: deadlineMs: a deadline is at most 2147483647 ms',
    )
    expect(await sentencesOf(loadConfig({ cwd: dir }))).toContain('deadlineMs: a deadline is at most 2147483647 ms')
  })

  test('a plan key __proto__ (which a plain object would drop, leaving a plan with fewer faults) is refused', async () => {
    const dir = tempProject({
      'a.scenario.json': `{"name":"a","request":{"models":["openai/gpt-4.1-mini"],"messages":[{"role":"user","content":"hi"}]},"faults":[{"name":"p","at":{"__proto__":"rate_limit"}}]}`,
    })
    expect(await sentencesOf(loadScenarios(['a.scenario.json'], { cwd: dir }))).toContain(
      'a.scenario.json: faults[0].at.__proto__: "__proto__" names no step of the cascade',
    )
  })
})

describe('requests nested past the harness depth limit', () => {
  // Lint's schema walks, ajv and JSON.stringify recurse: these overflowed the stack (exit 3).
  const nested = (levels: number, leaf: unknown, wrap: (inner: unknown) => unknown) => {
    let value = leaf
    for (let i = 0; i < levels; i++) value = wrap(value)
    return value
  }

  test('a schema nested thousands of levels deep is refused at its path', async () => {
    const schema = nested(1000, { type: 'string' }, (inner) => ({ type: 'object', properties: { a: inner } }))
    const dir = tempProject({
      'a.scenario.json': scenarioJson('a', {
        request: {
          models: ['openai/gpt-4.1-mini'],
          messages: [{ role: 'user', content: 'hi' }],
          tools: [{ type: 'function', function: { name: 'f', parameters: schema } }],
        },
      }),
    })
    expect(await sentencesOf(loadScenarios(['a.scenario.json'], { cwd: dir }))).toBe(
      "a.scenario.json: request.tools[0].function.parameters: tool f's parameters nests deeper than 512 levels, more than the harness can check (real schemas nest a few dozen). Fix: move repeated parts under $defs and refer to them with $ref.",
    )
  })

  test('any other request field nested that deep is refused too; a nesting of a few dozen levels loads', async () => {
    // Written as text: JSON.stringify itself overflows on 20,000 levels.
    const scenario = (levels: number) =>
      `{"name":"a","request":{"models":["openai/gpt-4.1-mini"],"messages":[{"role":"user","content":"hi","extra":${'['.repeat(levels)}1${']'.repeat(levels)}}]}}`
    const deep = tempProject({ 'a.scenario.json': scenario(20_000) })
    expect(await sentencesOf(loadScenarios(['a.scenario.json'], { cwd: deep }))).toBe(
      'a.scenario.json: request.messages: nests deeper than 512 levels, more than the harness can copy and check (a chat request nests a few dozen). Fix: keep it within 512 levels (send deeply nested data as a JSON string).',
    )
    const fine = tempProject({ 'a.scenario.json': scenario(40) })
    expect((await loadScenarios(['a.scenario.json'], { cwd: fine })).scenarios).toHaveLength(1)
  })
})

describe('schemas that loop onto themselves', () => {
  const scenarioWith = (schema: unknown, tools = false) =>
    JSON.stringify({
      name: 'loop',
      request: {
        models: ['openai/gpt-4.1-mini'],
        messages: [{ role: 'user', content: 'hi' }],
        ...(tools
          ? { tools: [{ type: 'function', function: { name: 'f', parameters: schema } }] }
          : { response_format: { type: 'json_schema', json_schema: { name: 'x', schema } } }),
      },
    })

  test('a $ref to the root with nothing in between is refused before any case runs (it overflowed the emulator)', async () => {
    const dir = tempProject({ 'a.scenario.json': scenarioWith({ $ref: '#' }) })
    expect(await sentencesOf(loadScenarios(['a.scenario.json'], { cwd: dir }))).toBe(
      'a.scenario.json: request.response_format.json_schema.schema.$ref: the response_format schema refers back to itself with no object or array in between, so it describes no value and no validator can check it. Fix: put the recursion under properties or items (a tree node holding its children), or remove the $ref.',
    )
  })

  test('two definitions that only refer to each other are refused too, in tool parameters', async () => {
    const schema = {
      type: 'object',
      properties: { a: { $ref: '#/$defs/x' } },
      $defs: { x: { $ref: '#/$defs/y' }, y: { anyOf: [{ $ref: '#/$defs/x' }] } },
    }
    const dir = tempProject({ 'a.scenario.json': scenarioWith(schema, true) })
    expect(await sentencesOf(loadScenarios(['a.scenario.json'], { cwd: dir }))).toMatch(
      /^a\.scenario\.json: request\.tools\[0\]\.function\.parameters\.\$defs\.(x|y\.anyOf\[0\])\.\$ref: tool f's parameters refers back to itself/,
    )
  })

  test('$recursiveRef, $dynamicRef and $anchor references that loop in place are refused too (they overflowed ajv)', async () => {
    const loops: Array<[unknown, string]> = [
      [{ $recursiveRef: '#' }, 'schema.$recursiveRef'],
      [{ type: 'object', $dynamicRef: '#meta' }, 'schema.$dynamicRef'],
      [{ anyOf: [{ $dynamicRef: '#/$defs/s' }], $defs: { s: { type: 'string' } } }, 'schema.anyOf[0].$dynamicRef'],
      [{ $ref: '#x', $defs: { a: { $anchor: 'x', $ref: '#x' } } }, 'schema.$defs.a.$ref'],
    ]
    for (const [schema, path] of loops) {
      const dir = tempProject({ 'a.scenario.json': scenarioWith(schema) })
      expect(await sentencesOf(loadScenarios(['a.scenario.json'], { cwd: dir }))).toContain(
        `a.scenario.json: request.response_format.json_schema.${path}: the response_format schema refers back to itself`,
      )
    }
  })

  test('a recursive tree through $dynamicRef or an $anchor (the reference under items) is a fine schema', async () => {
    const tree = {
      $dynamicAnchor: 'node',
      type: 'object',
      properties: {
        children: { type: 'array', items: { $dynamicRef: '#node' } },
        parent: { anyOf: [{ $ref: '#up' }, { type: 'null' }] },
      },
      $defs: { up: { $anchor: 'up', type: 'object', properties: { up: { $ref: '#up' } } } },
    }
    const dir = tempProject({ 'a.scenario.json': scenarioWith(tree) })
    const { scenarios } = await loadScenarios(['a.scenario.json'], { cwd: dir })
    expect(scenarios).toHaveLength(1)
  })

  test('a recursive tree (the $ref under properties or items) is a fine schema', async () => {
    const tree = {
      type: 'object',
      properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#' } } },
      required: ['name'],
    }
    const dir = tempProject({ 'a.scenario.json': scenarioWith(tree) })
    const { scenarios } = await loadScenarios(['a.scenario.json'], { cwd: dir })
    expect(scenarios).toHaveLength(1)
  })
})
