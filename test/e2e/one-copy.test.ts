import { mkdirSync, readFileSync, symlinkSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { expect, test } from 'vitest'
import { tempProject } from '../../src/adapters/load/__fixtures__/temp-project.js'
import { REPO_ROOT, runCli } from '../helpers/run-cli.js'

/** Records every module URL Node loads, written to LOADED_URLS at exit (Node 22.15+: module.registerHooks). */
const RECORDER = [
  "import { registerHooks } from 'node:module'",
  "import { writeFileSync } from 'node:fs'",
  'const loaded = []',
  'registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context) } })',
  "process.on('exit', () => writeFileSync(process.env.LOADED_URLS, loaded.join('\\n')))",
  '',
].join('\n')

// A TypeScript scenario that imports `cascade-harness` must get the modules the CLI already runs
// (the built bundle's chunks), not a second copy under tsx's namespace: a second copy loads and runs
// zod and the runner again (start-up) and makes two of every class and registry.
// In a CommonJS project (`npm init -y`) tsx compiles the scenario to CommonJS, and its require of
// the package reaches the hook by another URL form than an ESM import's.
test.each(['module', 'commonjs'])(
  "a TypeScript scenario's `import ... from 'cascade-harness'` in a %s project loads no module of the package a second time",
  async (type) => {
    const project = tempProject({
      'package.json': JSON.stringify({ name: 'app', private: true, type }),
      'recorder.mjs': RECORDER,
      'scenarios/invoice.scenario.ts': [
        "import { defineScenario, FAULTS } from 'cascade-harness'",
        '',
        'export default defineScenario({',
        "  name: 'invoice',",
        "  request: { models: ['openai/gpt-4.1-mini'], messages: [{ role: 'user', content: `faults: ${FAULTS.length}` }] },",
        '})',
        '',
      ].join('\n'),
    })
    mkdirSync(path.join(project, 'node_modules'))
    symlinkSync(REPO_ROOT, path.join(project, 'node_modules', 'cascade-harness'), 'dir')
    const urlsFile = path.join(project, 'loaded.txt')

    const result = await runCli(['lint', 'scenarios'], {
      cwd: project,
      env: {
        NODE_OPTIONS: `--import=${pathToFileURL(path.join(project, 'recorder.mjs')).href}`,
        LOADED_URLS: urlsFile,
      },
    })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)

    const dist = pathToFileURL(path.join(REPO_ROOT, 'dist')).href + '/'
    const ours = readFileSync(urlsFile, 'utf8')
      .split('\n')
      .filter((url) => url.startsWith(dist))
    // The scenario's import reached the package entry, and nothing of ours loaded twice or under a query.
    expect(ours).toContain(`${dist}index.js`)
    expect(ours.filter((url) => url.includes('?') || url.includes('%3F'))).toEqual([])
    expect(ours.length).toBe(new Set(ours).size)
  },
)
