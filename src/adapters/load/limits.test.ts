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
