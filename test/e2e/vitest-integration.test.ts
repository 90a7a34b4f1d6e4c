import { spawn } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../helpers/run-cli.js'

const PROJECT = path.join(REPO_ROOT, 'test', 'fixtures', 'vitest-project')
const VITEST = path.join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs')

interface JsonResults {
  numPassedTests: number
  numFailedTests: number
  testResults: Array<{
    assertionResults: Array<{ fullName: string; title: string; status: string; failureMessages: string[] }>
  }>
}

/** A real vitest run of a user's project (userProject below), importing the built package by its name. */
async function vitest(
  args: string[],
  cwd: string,
): Promise<{
  code: number | null
  results: JsonResults
  output: string
  timeouts: () => Promise<Record<string, number>>
}> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cascade-vitest-'))
  const outputFile = path.join(dir, 'results.json')
  const timeoutsFile = path.join(dir, 'timeouts.json')
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CASCADE_TIMEOUTS_FILE: timeoutsFile }
  delete env.VITEST
  delete env.VITEST_WORKER_ID
  delete env.VITEST_POOL_ID
  const child = spawn(
    process.execPath,
    [VITEST, 'run', '--reporter=json', `--outputFile=${outputFile}`, '--reporter=default', ...args],
    { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', resolve)
  })
  return {
    code,
    results: JSON.parse(await readFile(outputFile, 'utf8')) as JsonResults,
    output,
    timeouts: async () => JSON.parse(await readFile(timeoutsFile, 'utf8')) as Record<string, number>,
  }
}

/**
 * One user's project for both runs, inside the repository so `cascade-harness` resolves to this
 * package by its own name, as installed: the fixture project (its config, a test file calling
 * describeCascade, a scenario with a passing and a failing case), the bundled scenarios, and the
 * README's two vitest examples copied as written, each in its own test file.
 */
async function userProject(): Promise<{ dir: string; examples: string[] }> {
  const readme = await readFile(path.join(REPO_ROOT, 'README.md'), 'utf8')
  const section = readme.slice(
    readme.indexOf('## From your own tests'),
    readme.indexOf('\n## ', readme.indexOf('## From your own tests') + 5),
  )
  const examples = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!)
  const dir = await mkdtemp(path.join(REPO_ROOT, 'test', 'fixtures', '.readme-'))
  await cp(PROJECT, dir, { recursive: true, filter: (source) => path.basename(source) !== 'node_modules' })
  await cp(path.join(REPO_ROOT, 'scenarios'), path.join(dir, 'scenarios'), { recursive: true })
  await Promise.all(examples.map((code, i) => writeFile(path.join(dir, `example-${i + 1}.spec.ts`), code)))
  return { dir, examples }
}

describe("cascade-harness/vitest in real vitest runs of a user's project", () => {
  it(
    "shows one test per case with a timeout from its deadline, fails the failing one at the scenario file, lets -t pick a case, and runs the README's vitest examples as written",
    {
      timeout: 120_000,
    },
    async () => {
      const { dir, examples } = await userProject()
      try {
        expect(examples).toHaveLength(2)
        // One run of the whole project, its three test files sharing one worker (`--no-isolate`: the
        // harness, tsx and the openai SDK load once), with a `-t` filter that leaves out one case. A
        // second vitest run for the filter, as before, cost 5 s of CPU: this file alone took 11.6 s of CPU
        // with it and 6.5 s without (2 cores, load 3).
        const all = await vitest(['--no-isolate', '-t', '^(?!.*filtered-out)'], dir)
        expect(all.code).toBe(1)
        const tests = all.results.testResults.flatMap((file) => file.assertionResults)
        const greeting = tests.filter((t) => t.fullName.startsWith('greeting '))
        expect(greeting.map((t) => [t.fullName, t.status])).toEqual([
          ['greeting first-down', 'passed'],
          ['greeting wrong-expectation', 'failed'],
          ['greeting filtered-out', 'skipped'],
        ])
        const failure = greeting[1]!.failureMessages.join('\n')
        expect(failure).toContain(
          'wrong-expectation (served-by at $.model): the plan expects google/gemini-2.5-flash to serve, but openai/gpt-4.1-mini did',
        )
        expect(failure).toContain('steps: 1 503 downtime · 2 ● served')
        // The failure points at the plan's entry in the scenario file, never into the harness's dist/.
        expect(failure).toMatch(/at greeting \(.*scenarios[\\/]greeting\.scenario\.ts:15:7\)/)
        expect(failure).not.toContain('dist/')
        expect(all.output).toMatch(/greeting scenarios\/greeting\.scenario\.ts:15:7/)
        // Each case's timeout is the scenario's deadlineMs (3000) plus the harness's margin.
        expect(await all.timeouts()).toEqual({ 'first-down': 13_000, 'wrong-expectation': 13_000 })

        // The README's examples pass as written: describeCascade, a test per case of the corrected
        // cascade; expectCascadeToPass, one test. Only the greeting's failing case fails the run.
        const readmeTests = tests.filter((t) => !t.fullName.startsWith('greeting '))
        expect(readmeTests.filter((t) => t.fullName.startsWith('corrected-cascade ')).length).toBeGreaterThan(10)
        expect(
          readmeTests.some(
            (t) => t.title === 'every fallback step answers in the invoice shape' && t.status === 'passed',
          ),
        ).toBe(true)
        expect(
          readmeTests.filter((t) => t.status !== 'passed').map((t) => `${t.fullName}: ${t.failureMessages.join('; ')}`),
        ).toEqual([])

        // The filter picks cases: the case it leaves out is skipped, never run (run, it would fail).
        expect(tests.filter((t) => t.status === 'skipped').map((t) => t.fullName)).toEqual(['greeting filtered-out'])
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    },
  )
})
