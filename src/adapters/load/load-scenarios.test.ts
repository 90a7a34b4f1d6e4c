import { cpSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, test } from 'vitest'
import { InputError } from '../../errors.js'
import { loadScenarios } from './load-scenarios.js'
import { FIXTURES, REPO_ROOT, scenarioJson, sentencesOf, tempProject } from './__fixtures__/temp-project.js'

const load = (paths: string[], grep?: string) => loadScenarios(paths, { cwd: FIXTURES, grep })

describe('loading the fixture app', () => {
  test('loads TypeScript, JavaScript, JSON and YAML scenarios, sorted by file', async () => {
    const { scenarios } = await load(['app/scenarios'])
    expect(scenarios.map(({ file, scenario }) => `${file} → ${scenario.name}`)).toEqual([
      'app/scenarios/classify.scenario.json → classify-ticket',
      'app/scenarios/extract-invoice.scenario.ts → extract-invoice',
      'app/scenarios/route-ticket.scenario.ts → route-ticket',
      'app/scenarios/summarize.scenario.yaml → summarize-article',
      'app/scenarios/variants.scenario.js → translate-short',
      'app/scenarios/variants.scenario.js → translate-long',
    ])
  })

  test("a TypeScript scenario runs the app's own modules unmodified (.js specifiers, an enum, a parameter property, a path-less import)", async () => {
    const { scenarios } = await load(['app/scenarios/extract-invoice.scenario.ts'])
    const scenario = scenarios[0]!.scenario
    expect(scenario.request.models).toEqual([
      'google/gemini-2.5-flash',
      'openai/gpt-4.1-mini',
      'anthropic/claude-sonnet-4.5',
    ])
    expect(scenario.request.messages[1]).toEqual({
      role: 'user',
      content: 'Invoice from Acme Tools Ltd, total 147.40 EUR.',
    })
    expect(scenario.faults).toEqual([
      {
        name: 'primary rate-limited',
        at: { 'google/gemini-2.5-flash': 'rate_limit' },
        expect: { servedBy: 'openai/gpt-4.1-mini' },
      },
    ])
    expect(typeof scenario.client).toBe('function')
    expect((scenario.client as { name: string }).name).toBe('extractInvoice')
  })

  test('expect.result keeps the zod schema of the app and it validates through Standard Schema', async () => {
    const { scenarios } = await load(['app/scenarios/extract-invoice.scenario.ts'])
    const result = scenarios[0]!.scenario.expect.result!
    expect(await result['~standard'].validate({ vendor: 'Acme', total: 147.4 })).toEqual({
      value: { vendor: 'Acme', total: 147.4 },
    })
    expect(await result['~standard'].validate({ vendor: 'Acme' })).toHaveProperty('issues')
  })

  test('expect.result accepts any Standard Schema validator, not only zod', async () => {
    const { scenarios } = await load(['app/scenarios/route-ticket.scenario.ts'])
    const result = scenarios[0]!.scenario.expect.result!
    expect(result['~standard'].vendor).toBe('handmade')
    expect(await result['~standard'].validate('billing')).toEqual({ value: 'billing' })
  })

  test('the defaults of the schema are applied', async () => {
    const { scenarios } = await load(['app/scenarios/variants.scenario.js'])
    expect(scenarios[0]!.scenario).toMatchObject({ client: 'reference', faults: 'matrix', expect: {} })
  })

  test('a YAML file keeps its own client and expectations', async () => {
    const { scenarios } = await load(['app/scenarios/summarize.scenario.yaml'])
    expect(scenarios[0]!.scenario).toMatchObject({
      client: { exec: 'python summarize.py' },
      expect: { maxLatencyMs: 15000 },
      faults: 'matrix',
    })
  })

  test('--grep keeps the scenarios whose name matches the regular expression', async () => {
    const { scenarios } = await load(['app/scenarios'], '^translate-')
    expect(scenarios.map((s) => s.scenario.name)).toEqual(['translate-short', 'translate-long'])
  })
})

describe('bad input', () => {
  test('every problem in every file is reported at once: one sentence each, naming the file, the field and the fix', async () => {
    const error = await loadScenarios(['broken'], { cwd: FIXTURES }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).category).toBe('input')
    // Inside vitest, its own stack-trace mapping hides tsx's source maps, so the line of a throw is
    // the compiled one; test/package-install checks the real line under plain Node.
    expect((error as InputError).message.replace(/(thrown at [^)]+):\d+\)/g, '$1:<line>)')).toMatchInlineSnapshot(`
      "broken/bad-syntax.scenario.json: is not valid JSON at line 3, column 102: Expected double-quoted property name. Fix: correct the JSON there (JSON allows no comments, no trailing commas, and only double-quoted strings).
      broken/bad-syntax.scenario.yaml: is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 4, column 3. Fix: correct the YAML there (indent with spaces, and quote a value that contains ": " or starts with a special character).
      broken/client-typo.scenario.yaml: client: expected "reference", a client function, or { exec: "command" }, got a string ("refrence") (did you mean "reference"?). Fix: write "reference".
      broken/client-typo.scenario.yaml: faults: expected "matrix", a list of { name, at, expect }, or { include, exclude, plans }, got a string ("matrx") (did you mean "matrix"?). Fix: write "matrix".
      broken/missing-import.scenario.ts: could not be loaded: Cannot find module '../src/x.js'. Fix: correct the import path (relative imports name the file, and TypeScript ESM names \`x.ts\` as \`./x.js\`).
      broken/misspelt-fault.scenario.json: faults[0].at["google/gemini-2.5-flash"]: "rate_limt" is not a fault name (did you mean "rate_limit"?). Fix: write "rate_limit".
      broken/model-number.scenario.ts: request.models[3]: expected a string, got a number (4.1). Fix: write a string (text in quotes).
      broken/no-default.scenario.ts: has no default export. Fix: add \`export default defineScenario({ name, request, ... })\` (or a list of scenarios).
      broken/throws.scenario.ts: could not be loaded: INVOICE_API_KEY is not set (thrown at broken/throws.scenario.ts:<line>). Fix: make the module load without throwing; \`npx tsx broken/throws.scenario.ts\` shows the full stack.
      broken/unknown-field.scenario.yaml: \`expcet\` is not a scenario field (did you mean \`expect\`?). Fix: rename it to \`expect\`.
      broken/wrong-type.scenario.json: expect.maxCostUsd: expected a number, got a string ("0.02"). Fix: write 0.02 without quotes."
    `)
  })

  test('no sentence carries a stack trace or an absolute path', async () => {
    const message = await sentencesOf(load(['broken']))
    expect(message).not.toMatch(/^\s+at /m)
    expect(message).not.toContain(FIXTURES)
    expect(message).not.toContain('file://')
  })

  test('a path that does not exist, and a pattern that matches nothing, are problems', async () => {
    expect(await sentencesOf(load(['scenarios/x', 'app/scenarios/clasify.scenario.json', 'app/**/*.scenario.toml'])))
      .toMatchInlineSnapshot(`
      "scenarios/x: the path does not exist. Fix: check the path (it is relative to the current folder).
      app/scenarios/clasify.scenario.json: the path does not exist (did you mean app/scenarios/classify.scenario.json?). Fix: correct the path.
      app/**/*.scenario.toml: no file matches this pattern. Fix: check the pattern (it is matched from the current folder)."
    `)
  })

  test('the same scenario name twice is a problem, across files and within one', async () => {
    const cwd = tempProject({
      'scenarios/a.scenario.json': scenarioJson('invoice'),
      'scenarios/b.scenario.json': `[${scenarioJson('invoice')}, ${scenarioJson('receipt')}, ${scenarioJson('receipt')}]`,
    })
    expect(await sentencesOf(loadScenarios(['scenarios'], { cwd }))).toMatchInlineSnapshot(`
      "scenarios/b.scenario.json: [0].name: the name "invoice" is already used by scenarios/a.scenario.json. Fix: give each scenario its own name (reports, --grep and cassettes refer to scenarios by name).
      scenarios/b.scenario.json: [2].name: the name "receipt" is already used by another scenario in this file. Fix: give each scenario its own name (reports, --grep and cassettes refer to scenarios by name)."
    `)
  })

  test('--grep that is not a regular expression, or that matches nothing, is a problem', async () => {
    expect(await sentencesOf(load(['app/scenarios'], 'translate('))).toMatchInlineSnapshot(
      `"--grep: "translate(" is not a valid regular expression (/translate(/: Unterminated group). Fix: escape special characters with a backslash, for example \\(."`,
    )
    expect(await sentencesOf(load(['app/scenarios'], 'nothing-like-this'))).toMatchInlineSnapshot(
      `"--grep: "nothing-like-this" matches no scenario name. Fix: match one of "classify-ticket", "extract-invoice", "route-ticket", "summarize-article", "translate-short", "translate-long"."`,
    )
  })

  test('a syntax error in a TypeScript scenario or in a module it imports names the line', async () => {
    const cwd = tempProject({
      'scenarios/a.scenario.ts': "export default { name: 'a' request: {} }\n",
      'scenarios/b.scenario.ts':
        "import { models } from '../src/models.js'\nexport default { name: 'b', request: { models } }\n",
      'src/models.ts': "export const models: string[] = ['a/b',\n",
    })
    expect(await sentencesOf(loadScenarios(['scenarios'], { cwd }))).toMatchInlineSnapshot(`
      "scenarios/a.scenario.ts: has a syntax error at line 1, column 28: Expected "}" but found "request". Fix: correct the syntax there.
      scenarios/b.scenario.ts: has a syntax error in src/models.ts at line 2, column 1: Unexpected end of file. Fix: correct the syntax there."
    `)
  })

  // A package without "type": "module" makes tsx compile .ts files to CommonJS, where a missing
  // module is a different error (MODULE_NOT_FOUND and a require stack): both read the same.
  test.each(['module', 'commonjs'])(
    'a module missing deep in the app names the file that imports it (package type %s)',
    async (type) => {
      const cwd = tempProject({
        'package.json': JSON.stringify({ name: 'app', private: true, type }),
        'scenarios/a.scenario.ts':
          "import { models } from '../src/llm/definitions.js'\nexport default { name: 'a', request: { models } }\n",
        'src/llm/definitions.ts': "export { models } from './modles.js'\n",
        'src/llm/models.ts': "export const models = ['a/b']\n",
        'scenarios/b.scenario.ts': "import { x } from 'not-installed-package'\nexport default { name: 'b', x }\n",
      })
      expect(await sentencesOf(loadScenarios(['scenarios'], { cwd }))).toMatchInlineSnapshot(`
      "scenarios/a.scenario.ts: could not be loaded: Cannot find module './modles.js' (imported from src/llm/definitions.ts). Fix: correct the import path (relative imports name the file, and TypeScript ESM names \`x.ts\` as \`./x.js\`).
      scenarios/b.scenario.ts: could not be loaded: Cannot find package 'not-installed-package'. Fix: install it (\`npm install not-installed-package\`) or correct the import."
    `)
    },
  )

  test('a package whose entry point is missing names the missing file, not a path the user never wrote', async () => {
    const cwd = tempProject({
      'package.json': JSON.stringify({ name: 'app', private: true, type: 'module' }),
      'node_modules/unbuilt/package.json': JSON.stringify({
        name: 'unbuilt',
        type: 'module',
        exports: './dist/index.js',
      }),
      'scenarios/a.scenario.ts':
        "import { models } from 'unbuilt'\nexport default { name: 'a', request: { models } }\n",
    })
    expect(await sentencesOf(loadScenarios(['scenarios'], { cwd }))).toMatchInlineSnapshot(
      `"scenarios/a.scenario.ts: could not be loaded: node_modules/unbuilt/dist/index.js does not exist. Fix: check the import; a package whose entry point is missing needs to be built or reinstalled."`,
    )
  })

  test('an empty file, an empty list and a value that is not an object', async () => {
    const cwd = tempProject({
      'a.scenario.json': '',
      'b.scenario.json': '[]',
      'c.scenario.yaml': 'just a string\n',
      'd.scenario.json': '{ "name": "d", "request": tru }',
    })
    expect(await sentencesOf(loadScenarios(['.'], { cwd }))).toMatchInlineSnapshot(`
      "a.scenario.json: is empty. Fix: write a JSON object (or a list of them).
      b.scenario.json: exports an empty list. Fix: export at least one scenario.
      c.scenario.yaml: expected an object, got a string ("just a string"). Fix: write an object.
      d.scenario.json: is not valid JSON at line 1, column 27: tru is not a JSON value (write true, false, null, a number or a "string"). Fix: correct the JSON there (JSON allows no comments, no trailing commas, and only double-quoted strings)."
    `)
  })
})

describe('projects as users have them', () => {
  test('a TypeScript scenario in a package without "type": "module" (compiled to CommonJS) keeps its default export', async () => {
    const cwd = tempProject({
      'package.json': JSON.stringify({ name: 'cjs-project', private: true }),
      'src/models.ts': "export enum Model { Primary = 'openai/gpt-4.1-mini' }\n",
      'scenarios/a.scenario.ts':
        "import { Model } from '../src/models.js'\nexport default { name: 'cjs', request: { models: [Model.Primary], messages: [{ role: 'user', content: 'hi' }] } }\n",
    })
    const { scenarios } = await loadScenarios(['scenarios'], { cwd })
    expect(scenarios[0]!.scenario.request.models).toEqual(['openai/gpt-4.1-mini'])
  })

  test("expect.result works with the project's own copy of zod, not the harness's", async () => {
    const cwd = tempProject({
      'package.json': JSON.stringify({ name: 'user-app', private: true, type: 'module' }),
      'scenarios/a.scenario.ts': [
        "import { z } from 'zod'",
        'export default {',
        "  name: 'own-zod',",
        "  description: import.meta.resolve('zod'),",
        "  request: { models: ['openai/gpt-4.1-mini'], messages: [{ role: 'user', content: 'hi' }] },",
        '  expect: { result: z.object({ total: z.number() }) },',
        '}',
      ].join('\n'),
    })
    cpSync(path.join(REPO_ROOT, 'node_modules/zod'), path.join(cwd, 'node_modules/zod'), {
      recursive: true,
      filter: (source) => !source.includes(`${path.sep}src${path.sep}`),
    })
    const { scenarios } = await loadScenarios(['scenarios'], { cwd })
    const scenario = scenarios[0]!.scenario
    expect(scenario.description).toContain(pathToFileURL(path.join(cwd, 'node_modules/zod')).href)
    expect(await scenario.expect.result!['~standard'].validate({ total: 3 })).toEqual({ value: { total: 3 } })
  })

  test('several YAML documents in one file are several scenarios', async () => {
    const cwd = tempProject({
      'two.scenario.yaml':
        'name: first\nrequest: { models: [a/b], messages: [{ role: user, content: hi }] }\n---\nname: second\nrequest: { models: [a/b], messages: [{ role: user, content: hi }] }\n',
    })
    const { scenarios } = await loadScenarios(['two.scenario.yaml'], { cwd })
    expect(scenarios.map((s) => s.scenario.name)).toEqual(['first', 'second'])
  })
})
