/**
 * The package as a user gets it: `npm pack`, then an install of the tarball into a fresh project
 * (CommonJS, as `npm init -y` makes it), with no network. There the bin runs and the README's first
 * steps (init, lint, run) work; in an ESM TypeScript app in a folder of that project,
 * `import { defineScenario } from 'cascade-harness'` resolves with its types under
 * `moduleResolution: nodenext`, and the installed loader runs the app's TypeScript scenario, which
 * imports the app's own modules, under plain Node (no vitest transform in the way).
 *
 * Offline, honestly: every tarball comes from the npm cache that `npm ci` filled for this repo. A
 * plain `npm install <tarball> --offline` resolves version ranges against the cached registry
 * metadata, which may list a release newer than any cached tarball (it did: mute-stream 4.0.0),
 * and then fails with ENOTCACHED. So the project gets a lockfile that pins the dependency tree this
 * repo's package-lock.json tests with (the entries a user's install holds, at the same node_modules positions),
 * and `npm ci --offline` installs exactly that: what a user with a lockfile gets, and a lockfile
 * out of step with package.json fails here as it would for them.
 *
 * Slow (a pack, an install): one file, run by `npm test` like the rest.
 */
import { execFile } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version
const TSC = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc')

interface Result {
  code: number
  stdout: string
  stderr: string
}

/** The Node running the tests (24) comes first on PATH, so `npm`, `npx` and bins run on it too. */
const env = {
  ...process.env,
  PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
  NO_COLOR: '1',
  CI: undefined,
  npm_config_update_notifier: 'false',
}

function run(command: string, args: string[], cwd: string): Promise<Result> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({ code, stdout: stdout.toString(), stderr: stderr.toString() })
    })
  })
}

/** Fails with the command's own output, so a broken build or install explains itself. */
async function succeed(command: string, args: string[], cwd: string): Promise<Result> {
  const result = await run(command, args, cwd)
  if (result.code !== 0)
    throw new Error(`\`${command} ${args.join(' ')}\` exited ${result.code}\n${result.stdout}\n${result.stderr}`)
  return result
}

let work: string
let project: string
let commonjsProject: string
let commonjsManifest: { type?: string }
let packedFiles: string[]
let commonjsSteps: Promise<{ init: Result; lint: Result; run: Result }>

/** The README's first steps in a project: `init`, `lint`, then `run` (the JSON report goes to out/). */
async function readmeFirstSteps(dir: string) {
  // The bin link npx runs (the `--version` test shows npx finds it): npm's own start-up, about a
  // second of CPU a call, bought nothing more for each step.
  const harness = (args: string[]) => run(path.join(dir, 'node_modules', '.bin', 'cascade-harness'), args, dir)
  const init = await harness(['init'])
  const lint = await harness(['lint'])
  return { init, lint, run: await harness(['run', '--reporter', 'json', '--out-dir', 'out']) }
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'cascade-install-'))

  // Pack a copy of the sources, not the checkout itself: `npm pack` runs `prepare` (the tsc build),
  // and rebuilding the checkout's dist/ would pull it from under the end-to-end tests running beside.
  // `npm test` has just built dist/: when it is newer than every source file, the copy takes it and
  // packs without `prepare` (a build less); otherwise `prepare` builds the copy, as on a user's machine.
  const source = path.join(work, 'source')
  mkdirSync(source)
  const reuseDist = distIsFresh()
  for (const entry of [
    'package.json',
    'tsconfig.json',
    'tsconfig.build.json',
    'scripts',
    'src',
    'schemas',
    'README.md',
    'LICENSE',
    ...(reuseDist ? ['dist'] : []),
  ]) {
    if (existsSync(path.join(REPO_ROOT, entry)))
      cpSync(path.join(REPO_ROOT, entry), path.join(source, entry), { recursive: true })
  }
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(source, 'node_modules'), 'dir')
  const packed = await succeed(
    'npm',
    ['pack', '--json', '--pack-destination', work, ...(reuseDist ? ['--ignore-scripts'] : [])],
    source,
  )
  const report = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as {
    filename: string
    integrity: string
    files: { path: string }[]
  }[]
  packedFiles = report[0]!.files.map((f) => f.path)

  const tarball = {
    tarball: `../${report[0]!.filename}`,
    integrity: report[0]!.integrity,
    packageJson: path.join(source, 'package.json'),
  }

  // A CommonJS project as `npm init -y` makes it: no "type": "module" anywhere but in our package.
  commonjsProject = path.join(work, 'commonjs-app')
  mkdirSync(commonjsProject)
  await succeed('npm', ['init', '-y'], commonjsProject)
  commonjsManifest = JSON.parse(readFileSync(path.join(commonjsProject, 'package.json'), 'utf8')) as { type?: string }
  writeLockedDependency(commonjsProject, tarball)
  // An ESM TypeScript app ("type": "module", nodenext) in a folder of that project, as in a
  // monorepo: it resolves the package from the install above, so one install (the slow step, the
  // same for either module type) serves both.
  project = path.join(commonjsProject, 'esm-app')
  writeProject(project)

  await succeed('npm', ['ci', '--offline', '--no-audit', '--no-fund'], commonjsProject)
  // Started now, asserted by its own test: the scaffold's stall case waits out its 2 s case deadline
  // (no CPU), idle time the ESM app's tests fill meanwhile.
  commonjsSteps = readmeFirstSteps(commonjsProject)
  commonjsSteps.catch(() => {})
}, 300_000)

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
}, 120_000)

describe('a user installs cascade-harness into their project', () => {
  test('the tarball holds the built package and no tests', () => {
    expect(packedFiles).toEqual(
      expect.arrayContaining(['package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js']),
    )
    expect(packedFiles.filter((f) => f.endsWith('.test.js') || f.startsWith('src/') || f.startsWith('test/'))).toEqual(
      [],
    )
  })

  test('the bin runs: `npx cascade-harness --version` prints the package version', async () => {
    const result = await succeed('npx', ['--no', '--', 'cascade-harness', '--version'], commonjsProject)
    expect(result.stdout.trim()).toBe(VERSION)
  })

  test('`cascade-harness --help` (the bin link in node_modules/.bin) lists the commands', async () => {
    const result = await succeed(
      path.join(commonjsProject, 'node_modules', '.bin', 'cascade-harness'),
      ['--help'],
      commonjsProject,
    )
    expect(result.stdout).toContain('Usage: cascade-harness <command>')
  })

  test("`import { defineScenario } from 'cascade-harness'` type-checks under nodenext, and a wrong field is a type error", async () => {
    // The project's tsconfig has `@ts-expect-error` on a wrong field: if the types resolved to `any`,
    // the directive would be unused and tsc would fail, so a pass proves the types are real.
    const result = await run(process.execPath, [TSC, '-p', 'tsconfig.json'], project)
    expect(result.stdout + result.stderr).toBe('')
    expect(result.code).toBe(0)
  })

  test('a TypeScript file importing cascade-harness runs under plain Node', async () => {
    const result = await succeed(process.execPath, ['check-import.ts'], project)
    expect(JSON.parse(result.stdout)).toEqual({ name: 'smoke', models: ['openai/gpt-4.1-mini'] })
  })

  test("`runScenarios` runs the project's TypeScript scenario with its own modules (enum, .js specifiers) and zod", async () => {
    const result = await succeed(process.execPath, ['load.mjs', 'scenarios'], project)
    expect(JSON.parse(result.stdout)).toEqual({
      scenarios: [
        {
          file: 'scenarios/extract-invoice.scenario.ts',
          name: 'extract-invoice',
          models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini'],
          client: 'function chat',
          // Every case, the rate-limited primary's among them, returned an invoice the app's zod schema accepts.
          verdicts: ['pass'],
        },
      ],
    })
  })

  test('under plain Node, bad input is one sentence per file with the real line of a throw, and no stack', async () => {
    const result = await succeed(process.execPath, ['load.mjs', 'broken'], project)
    const { error } = JSON.parse(result.stdout) as { error: string }
    expect(error).toMatchInlineSnapshot(`
      "broken/imports-ts.scenario.js: could not be loaded: Cannot find module '../src/llm/models.js'. Fix: \`../src/llm/models.js\` names models.ts, which plain JavaScript cannot import: rename this scenario to \`.scenario.ts\` so the harness loads it with its TypeScript loader.
      broken/syntax.scenario.mjs: has a syntax error: Unexpected identifier 'request'. Fix: run \`node --check broken/syntax.scenario.mjs\` to see the line, and correct it.
      broken/throws.scenario.ts: could not be loaded: INVOICE_API_KEY is not set (thrown at broken/throws.scenario.ts:3). Fix: make the module load without throwing; \`npx tsx broken/throws.scenario.ts\` shows the full stack."
    `)
  })
})

describe("a CommonJS project (`npm init -y`) gets the README's first steps: init, lint, run", () => {
  test('npm init -y writes "type": "commonjs", so the scaffold\'s .ts files load as CommonJS', () => {
    expect(commonjsManifest.type ?? 'commonjs').toBe('commonjs')
  })

  test('init scaffolds, lint passes (exit 0), and run judges every case of the first scenario', async () => {
    const { init, lint, run: result } = await commonjsSteps
    expect(init.stderr).toBe('')
    expect(init.code).toBe(0)
    expect(init.stdout).toContain('created cascade.config.ts')

    // The installed package loads under CommonJS: no top-level await, one copy of the package.
    expect(lint.stderr).toBe('')
    expect(lint.stdout).toContain('PASS  1 scenario')
    expect(lint.code).toBe(0)

    // The scaffold's reference client repairs nothing: its answer-quirk cases fail, by design (init says so).
    expect(result.code).toBe(1)
    expect(result.stderr).not.toMatch(/internal error|could not be loaded|await/i)
    const report = JSON.parse(readFileSync(path.join(commonjsProject, 'out', 'cascade-report.json'), 'utf8')) as {
      summary: { scenarios: number; cases: number; passed: number }
      scenarios: Array<{ cases: Array<{ id: string; verdict: string }> }>
    }
    expect(report.summary.scenarios).toBe(1)
    expect(report.summary.passed).toBeGreaterThan(0)
    expect(report.scenarios[0]!.cases.find((c) => c.id === 'rate_limit@0')?.verdict).toBe('pass')
  }, 120_000)
})

/** The newest modification time of a file, or of any file under a folder (0 when absent). */
function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0
  const stat = statSync(entry)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(
    stat.mtimeMs,
    ...readdirSync(entry, { recursive: true, withFileTypes: true })
      .filter((dirent) => dirent.isFile())
      .map((dirent) => statSync(path.join(dirent.parentPath, dirent.name)).mtimeMs),
  )
}

/** dist/ was built after the last change to what the build reads (the build rewrites every file it emits). */
function distIsFresh(): boolean {
  const built = newestMtime(path.join(REPO_ROOT, 'dist', 'index.js'))
  const inputs = ['src', 'scripts/build.mjs', 'tsconfig.json', 'tsconfig.build.json'].map((entry) =>
    newestMtime(path.join(REPO_ROOT, entry)),
  )
  return built > 0 && built >= Math.max(...inputs)
}

function writeProject(dir: string): void {
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'esm-app', version: '1.0.0', private: true, type: 'module' }, null, 2),
    'tsconfig.json': JSON.stringify(
      {
        compilerOptions: {
          target: 'es2023',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        include: ['src', 'scenarios', 'check-import.ts'],
      },
      null,
      2,
    ),
    'src/llm/models.ts':
      "export enum Model {\n  Primary = 'google/gemini-2.5-flash',\n  Fallback = 'openai/gpt-4.1-mini',\n}\n",
    'src/llm/definitions.ts': [
      "import { z } from 'zod'",
      "import { Model } from './models.js'",
      '',
      'export const CASCADE: string[] = [Model.Primary, Model.Fallback]',
      'export const Invoice = z.object({ vendor: z.string(), total: z.number() })',
      "export const messages = [{ role: 'user' as const, content: 'Extract the invoice.' }]",
      "export const responseFormat = { type: 'json_schema' as const, json_schema: { name: 'invoice', strict: true, schema: z.toJSONSchema(Invoice) } }",
      '// The app sends the request and parses the answer as the invoice.',
      'export async function chat(context: { request: unknown; baseUrl: string; signal: AbortSignal }): Promise<unknown> {',
      '  const response = await fetch(`${context.baseUrl}/chat/completions`, {',
      "    method: 'POST',",
      "    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-or-test' },",
      '    body: JSON.stringify(context.request),',
      '    signal: context.signal,',
      '  })',
      '  if (!response.ok) throw new Error(`the router answered ${response.status}`)',
      '  const body = (await response.json()) as { choices: Array<{ message: { content: string } }> }',
      '  return JSON.parse(body.choices[0]!.message.content)',
      '}',
      '',
    ].join('\n'),
    'scenarios/extract-invoice.scenario.ts': [
      "import { defineScenario } from 'cascade-harness'",
      "import { CASCADE, Invoice, chat, messages, responseFormat } from '../src/llm/definitions.js'",
      '',
      'export default defineScenario({',
      "  name: 'extract-invoice',",
      '  request: { models: CASCADE, messages, response_format: responseFormat },',
      '  client: chat,',
      '  expect: { result: Invoice, maxCostUsd: 0.02 },',
      "  faults: [{ name: 'primary limited', at: { 'google/gemini-2.5-flash': 'rate_limit' } }],",
      '})',
      '',
      '// @ts-expect-error `maxCostUsd` is a number: the package types must say so',
      "export const wrong = defineScenario({ name: 'x', request: { models: CASCADE, messages }, expect: { maxCostUsd: '0.02' } })",
      '',
    ].join('\n'),
    'check-import.ts': [
      "import { defineScenario } from 'cascade-harness'",
      '',
      "const scenario = defineScenario({ name: 'smoke', request: { models: ['openai/gpt-4.1-mini'], messages: [{ role: 'user', content: 'hi' }] } })",
      'console.log(JSON.stringify({ name: scenario.name, models: scenario.request.models }))',
      '',
    ].join('\n'),
    // The public API under plain Node: `runScenarios` loads the files as the CLI does, then runs them.
    'load.mjs': [
      "const { runScenarios } = await import('cascade-harness')",
      'try {',
      '  const report = await runScenarios({ paths: process.argv.slice(2), cwd: process.cwd() })',
      '  const scenarios = report.scenarios.map((s) => ({ file: s.file, name: s.name, models: s.steps, client: s.client, verdicts: [...new Set(s.cases.map((c) => c.verdict))] }))',
      '  console.log(JSON.stringify({ scenarios }))',
      '} catch (error) {',
      '  console.log(JSON.stringify({ error: error.message }))',
      '}',
      '',
    ].join('\n'),
    'broken/throws.scenario.ts': [
      'function requireKey(name: string): string {',
      '  // the line the sentence must name: 3',
      '  throw new Error(`${name} is not set`)',
      '}',
      '',
      "export default { name: 'throws', key: requireKey('INVOICE_API_KEY') }",
      '',
    ].join('\n'),
    // Plain JavaScript cannot import a .ts module natively: the sentence says to make it a .ts scenario.
    'broken/imports-ts.scenario.js':
      "import { CASCADE } from '../src/llm/models.js'\nexport default { name: 'imports-ts', CASCADE }\n",
    'broken/syntax.scenario.mjs': "export default { name: 'syntax' request: {} }\n",
  }
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    writeFileSync(path.join(dir, name), content)
  }
}

interface LockEntry {
  version?: string
  resolved?: string
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  peerDependenciesMeta?: Record<string, { optional?: boolean }>
  [key: string]: unknown
}

/**
 * The lock entries a user's install of the package holds: its dependencies and theirs, by Node's
 * lookup from each package's position upwards, with the required peers but not the optional ones
 * (npm installs no optional peer; msw's `typescript` and `vite` would bring native compilers).
 * Platform packages stay listed: npm ci skips those of other platforms, as for a user.
 */
function installedTree(lock: Record<string, LockEntry>, dependencies: Record<string, string>): string[] {
  const kept = new Set<string>()
  const resolve = (from: string, name: string): string | undefined => {
    for (let base = from; ; base = base.slice(0, Math.max(0, base.lastIndexOf('/node_modules/')))) {
      const key = `${base ? `${base}/` : ''}node_modules/${name}`
      if (lock[key]) return key
      if (!base) return undefined
    }
  }
  const visit = (from: string, names: string[]) => {
    for (const name of names) {
      const key = resolve(from, name)
      if (key === undefined || kept.has(key)) continue
      kept.add(key)
      const entry = lock[key]!
      visit(key, [
        ...Object.keys(entry.dependencies ?? {}),
        ...Object.keys(entry.optionalDependencies ?? {}),
        ...Object.keys(entry.peerDependencies ?? {}).filter((peer) => !entry.peerDependenciesMeta?.[peer]?.optional),
      ])
    }
  }
  visit('', Object.keys(dependencies))
  return [...kept]
}

/**
 * package.json depends on the tarball; package-lock.json pins the tarball and, for its dependency
 * tree, the entries of this repo's lock that a user's install holds (installedTree) (which omits `resolved`: the registry URL is filled
 * in, so npm finds each tarball in its cache by URL and integrity without asking for metadata).
 */
function writeLockedDependency(
  dir: string,
  options: { tarball: string; integrity: string; packageJson: string },
): void {
  const ours = JSON.parse(readFileSync(options.packageJson, 'utf8')) as {
    version: string
    license?: string
    dependencies?: Record<string, string>
    bin?: unknown
    engines?: unknown
  }
  const repoLock = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>
  }
  const manifestPath = path.join(dir, 'package.json')
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>
  const dependencies = { 'cascade-harness': `file:${options.tarball}` }
  writeFileSync(manifestPath, JSON.stringify({ ...manifest, dependencies }, null, 2))

  const packages: Record<string, unknown> = {
    '': { name: manifest.name, version: manifest.version, dependencies },
    'node_modules/cascade-harness': {
      version: ours.version,
      resolved: `file:${options.tarball}`,
      integrity: options.integrity,
      license: ours.license,
      dependencies: ours.dependencies,
      bin: ours.bin,
      engines: ours.engines,
    },
  }
  for (const key of installedTree(repoLock.packages, ours.dependencies ?? {})) {
    const entry = repoLock.packages[key]!
    const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length)
    packages[key] = {
      ...entry,
      resolved: entry.resolved ?? `https://registry.npmjs.org/${name}/-/${name.split('/').at(-1)}-${entry.version}.tgz`,
    }
  }
  writeFileSync(
    path.join(dir, 'package-lock.json'),
    JSON.stringify(
      { name: manifest.name, version: manifest.version, lockfileVersion: 3, requires: true, packages },
      null,
      2,
    ),
  )
}
