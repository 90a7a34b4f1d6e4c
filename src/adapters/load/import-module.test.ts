import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { renderProblem } from '../../errors.js'
import { createModuleLoader } from './import-module.js'
import { tempProject } from './__fixtures__/temp-project.js'

/** Loads `name` from a fresh project holding `files`; returns the value, or the sentence of the problem. */
async function loadOne(files: Record<string, string>, name: string): Promise<unknown> {
  const cwd = tempProject(files)
  const loader = createModuleLoader({ cwd })
  const result = await loader.load(path.join(cwd, name), name).finally(() => loader.close())
  return result.success ? result.value : renderProblem(result.problem)
}

describe('data files', () => {
  test('JSON syntax errors name the line and column, including the errors V8 gives no position for', async () => {
    expect(await loadOne({ 'a.json': '{\n  "name": "a",\n  "models": [\'x\']\n}' }, 'a.json')).toMatchInlineSnapshot(
      `"a.json: is not valid JSON at line 3, column 14: unexpected character "'". Fix: correct the JSON there (JSON allows no comments, no trailing commas, and only double-quoted strings)."`,
    )
    expect(await loadOne({ 'a.json': '{\n  "name": "a"\n  "request": {}\n}' }, 'a.json')).toMatchInlineSnapshot(
      `"a.json: is not valid JSON at line 3, column 3: Expected ',' or '}' after property value. Fix: correct the JSON there (JSON allows no comments, no trailing commas, and only double-quoted strings)."`,
    )
    expect(await loadOne({ 'a.json': '{\n  "name": "a",\n  "stream": tru\n}' }, 'a.json')).toMatchInlineSnapshot(
      `"a.json: is not valid JSON at line 3, column 13: tru is not a JSON value (write true, false, null, a number or a "string"). Fix: correct the JSON there (JSON allows no comments, no trailing commas, and only double-quoted strings)."`,
    )
  })

  test('a byte-order mark is not a syntax error', async () => {
    expect(await loadOne({ 'a.json': '\uFEFF{"name":"a"}' }, 'a.json')).toEqual({ name: 'a' })
  })

  test('YAML syntax errors name the line, and duplicate keys are errors', async () => {
    expect(await loadOne({ 'a.yaml': 'name: a\nname: b\n' }, 'a.yaml')).toMatchInlineSnapshot(
      `"a.yaml: is not valid YAML: Map keys must be unique at line 2, column 1. Fix: correct the YAML there (indent with spaces, and quote a value that contains ": " or starts with a special character)."`,
    )
    expect(await loadOne({ 'a.yml': 'name: a\nrequest:\n\tmodels: []\n' }, 'a.yml')).toMatchInlineSnapshot(
      `"a.yml: is not valid YAML: Tabs are not allowed as indentation at line 3, column 1. Fix: correct the YAML there (indent with spaces, and quote a value that contains ": " or starts with a special character)."`,
    )
  })

  test('YAML aliases that name nothing, contain themselves or expand without end are sentences, not crashes', async () => {
    expect(await loadOne({ 'a.yaml': 'name: a\nrequest:\n  models: [*cascade]\n' }, 'a.yaml')).toMatchInlineSnapshot(
      `"a.yaml: is not valid YAML: the alias *cascade names no anchor before it at line 3, column 12. Fix: define &cascade on a node before this alias, or correct the alias's name."`,
    )
    // A recursive alias would build a value containing itself: JSON.stringify of the request then threw.
    expect(
      await loadOne({ 'a.yaml': 'name: a\nschema: &node\n  type: object\n  properties: { child: *node }\n' }, 'a.yaml'),
    ).toMatchInlineSnapshot(
      `"a.yaml: is not valid YAML: the alias *node is inside the node its anchor &node marks, so the value would contain itself at line 4, column 24. Fix: write the nested part out (a JSON Schema recursion is a "$ref", such as "#/$defs/node")."`,
    )
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]']
    for (const [i, name] of ['b', 'c', 'd', 'e'].entries())
      bomb.push(`${name}: &${name} [${Array(9).fill(`*${'abcde'[i]}`).join(', ')}]`)
    expect(await loadOne({ 'a.yaml': `${bomb.join('\n')}\n` }, 'a.yaml')).toMatchInlineSnapshot(
      `"a.yaml: is not valid YAML: its aliases expand to too many copies (Excessive alias count indicates a resource exhaustion attack). Fix: write the repeated parts out, or nest fewer aliases of aliases."`,
    )
    // Anchors used as intended still load.
    expect(await loadOne({ 'a.yaml': 'm: &m [x/y]\nn: *m\n' }, 'a.yaml')).toEqual({ m: ['x/y'], n: ['x/y'] })
  })
})

describe('modules', () => {
  test('TypeScript files share one namespace until the loader closes; a load after close reads them afresh', async () => {
    const cwd = tempProject({ 'package.json': '{"type":"module"}', 'a.ts': 'export default 1\n' })
    const loader = createModuleLoader({ cwd })
    const load = async () => {
      const result = await loader.load(path.join(cwd, 'a.ts'), 'a.ts')
      return result.success ? result.value : renderProblem(result.problem)
    }
    try {
      expect(await load()).toBe(1)
      writeFileSync(path.join(cwd, 'a.ts'), 'export default 2\n')
      // Same namespace: the module already evaluated is the one returned (app modules run once per load).
      expect(await load()).toBe(1)
      await loader.close()
      expect(await load()).toBe(2)
    } finally {
      await loader.close()
    }
  })

  test('a TypeScript file compiled to CommonJS yields its default export, not a wrapper around it', async () => {
    expect(await loadOne({ 'package.json': '{}', 'a.ts': "export default { name: 'a' }\n" }, 'a.ts')).toEqual({
      name: 'a',
    })
  })

  test('module.exports of a .cts file is its value', async () => {
    expect(await loadOne({ 'a.cts': "module.exports = { name: 'a' }\n" }, 'a.cts')).toEqual({ name: 'a' })
  })

  test('a file the harness cannot load says which extensions it can', async () => {
    expect(await loadOne({ 'a.toml': 'name = "a"' }, 'a.toml')).toMatchInlineSnapshot(
      `"a.toml: has the extension ".toml", which the harness cannot load. Fix: use one of .ts, .mts, .cts, .js, .mjs, .cjs, .json, .yaml, .yml."`,
    )
  })

  test('a throw of something that is not an Error is still one sentence', async () => {
    expect(
      await loadOne({ 'package.json': '{"type":"module"}', 'a.mts': "throw 'no network in CI'\n" }, 'a.mts'),
    ).toMatchInlineSnapshot(
      `"a.mts: could not be loaded: it threw "no network in CI". Fix: \`npx tsx a.mts\` shows the full stack."`,
    )
  })

  test('a TypeScript file whose top level throws says where', async () => {
    const sentence = await loadOne(
      {
        'package.json': '{"type":"module"}',
        'a.ts':
          "const key: string | undefined = undefined\nif (!key) throw new RangeError('OPENROUTER_API_KEY is missing')\nexport default {}\n",
      },
      'a.ts',
    )
    expect(String(sentence).replace(/(thrown at [^)]+):\d+\)/g, '$1:<line>)')).toMatchInlineSnapshot(
      `"a.ts: could not be loaded: RangeError: OPENROUTER_API_KEY is missing (thrown at a.ts:<line>). Fix: make the module load without throwing; \`npx tsx a.ts\` shows the full stack."`,
    )
  })
})
