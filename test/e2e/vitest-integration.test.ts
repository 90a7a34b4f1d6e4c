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

/**
 * A real vitest run of a user's project (test/fixtures/vitest-project: its own config, a test file
 * calling describeCascade, a scenario with a passing and a failing case), importing the built package
 * by its name as an installed one would be.
 */
async function vitest(
  args: string[],
  cwd = PROJECT,
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

describe('cascade-harness/vitest in real vitest runs (both at once: each spawns vitest)', () => {
  it.concurrent(
    'shows one test per case with a timeout from its deadline, fails the failing one at the scenario file, and lets -t pick a case',
    { timeout: 120_000 },
    async () => {
      const [all, picked] = await Promise.all([vitest([]), vitest(['-t', 'first-down'])])

      expect(all.code).toBe(1)
      const tests = all.results.testResults.flatMap((file) => file.assertionResults)
      expect(tests.map((t) => [t.fullName, t.status])).toEqual([
        ['greeting first-down', 'passed'],
        ['greeting wrong-expectation', 'failed'],
      ])
      const failure = tests[1]!.failureMessages.join('\n')
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

      // A filter picks cases: the other case is skipped, never run.
      expect(picked.code).toBe(0)
      const pickedTests = picked.results.testResults.flatMap((file) => file.assertionResults)
      expect(pickedTests.map((t) => [t.title, t.status])).toEqual([
        ['first-down', 'passed'],
        ['wrong-expectation', 'skipped'],
      ])
    },
  )

  it.concurrent(
    "the README's vitest examples pass as written, run by vitest from a project holding the bundled scenarios",
    { timeout: 120_000 },
    async () => {
      const readme = await readFile(path.join(REPO_ROOT, 'README.md'), 'utf8')
      const section = readme.slice(
        readme.indexOf('## From your own tests'),
        readme.indexOf('\n## ', readme.indexOf('## From your own tests') + 5),
      )
      const examples = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!)
      expect(examples).toHaveLength(2)
      // Inside the repository, so `cascade-harness` resolves to this package by its own name, as installed.
      const project = await mkdtemp(path.join(REPO_ROOT, 'test', 'fixtures', '.readme-'))
      try {
        await cp(path.join(REPO_ROOT, 'scenarios'), path.join(project, 'scenarios'), { recursive: true })
        await writeFile(
          path.join(project, 'vitest.config.ts'),
          "import { defineConfig } from 'vitest/config'\nexport default defineConfig({ test: { include: ['*.spec.ts'] } })\n",
        )
        await Promise.all(examples.map((code, i) => writeFile(path.join(project, `example-${i + 1}.spec.ts`), code)))
        const { code, results, output } = await vitest([], project)
        expect(code, output).toBe(0)
        const tests = results.testResults.flatMap((file) => file.assertionResults)
        // describeCascade: a test per case of the corrected cascade; expectCascadeToPass: one test.
        expect(tests.filter((t) => t.fullName.startsWith('corrected-cascade ')).length).toBeGreaterThan(10)
        expect(
          tests.some((t) => t.title === 'every fallback step answers in the invoice shape' && t.status === 'passed'),
        ).toBe(true)
        expect(tests.every((t) => t.status === 'passed')).toBe(true)
      } finally {
        await rm(project, { recursive: true, force: true })
      }
    },
  )
})
