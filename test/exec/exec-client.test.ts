import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runScenarios } from '../../src/runner/run-scenarios.js'
import { reportSchema, type Report } from '../../src/schema/report.js'
import { alive, jsonLines } from '../helpers/processes.js'
import { REPO_ROOT } from '../helpers/run-cli.js'

const FILE = 'test/fixtures/exec/exec.scenario.ts'

const RUN_TOGETHER = [
  'exec-careful',
  'exec-leaky-surfacer',
  'exec-trusts-every-body',
  'exec-hangs',
  'exec-floods-stdout',
  'exec-prose',
  'exec-overlap',
]
// Real-looking keys in the harness's environment: the careful fixture fails unless it got
// placeholders, and neither may reach a report.
const KEY = 'sk-or-v1-parent-real-key-0123456789abcdef'
const OPENAI_KEY = 'sk-parent-openai-key-0123456789'
const SAVED_ENV = ['CASCADE_EXEC_TEST_LOG', 'OPENROUTER_API_KEY', 'OPENAI_API_KEY'].map(
  (name) => [name, process.env[name]] as const,
)

let logDir: string
let report: Report
let logEntries: Array<Record<string, unknown>>

/**
 * Every scenario that runs to a report runs once, in one run: the scenario file (TypeScript) loads
 * once instead of once per test, and the scenarios' commands start one after another without a
 * test's set-up between them. Each test asserts on its own scenario's cases.
 */
beforeAll(async () => {
  logDir = mkdtempSync(path.join(tmpdir(), 'cascade-exec-'))
  // The commands inherit the environment: the fixtures log here.
  process.env.CASCADE_EXEC_TEST_LOG = logDir
  process.env.OPENROUTER_API_KEY = KEY
  process.env.OPENAI_API_KEY = OPENAI_KEY
  // Three cases in flight at once, whatever the machine's core count: exec-overlap holds its three
  // cases at a barrier until all run.
  report = await runScenarios({
    cwd: REPO_ROOT,
    paths: [FILE],
    grep: `^(${RUN_TOGETHER.join('|')})$`,
    concurrency: 3,
  })
  logEntries = logged()
}, 60_000)

afterAll(() => {
  for (const [name, value] of SAVED_ENV) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  if (logDir) rmSync(logDir, { recursive: true, force: true })
})

function scenarioNamed(name: string) {
  const scenario = report.scenarios.find((s) => s.name === name)
  if (!scenario) throw new Error(`scenario ${name} is not in the report`)
  return { scenario, byId: Object.fromEntries(scenario.cases.map((c) => [c.id, c])) }
}

function logged(): Array<Record<string, unknown>> {
  return jsonLines(path.join(logDir, 'log.jsonl'))
}

async function gone(pid: number): Promise<boolean> {
  // An orphaned helper is reaped by init: give it a moment.
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 20))
  return !alive(pid)
}

describe('exec clients', () => {
  it('passes a careful command on the rate_limit cases, and on every failure it surfaces cleanly', () => {
    const { scenario, byId } = scenarioNamed('exec-careful')
    expect(reportSchema.safeParse(report).success).toBe(true)
    expect(scenario.client).toMatch(/^exec .+ careful\.mjs$/)
    expect(
      scenario.cases
        .filter((c) => c.verdict === 'fail')
        .map((c) => `${c.id}: ${c.failures.map((f) => f.message).join('; ')}`),
    ).toEqual([])
    expect(byId['rate_limit@0']).toMatchObject({ outcome: 'valid', servedBy: 'openai/gpt-4.1-mini' })
    expect(byId['rate_limit@0-1']).toMatchObject({ outcome: 'valid', servedBy: 'anthropic/claude-sonnet-4.5' })
    expect(byId['connection_reset']).toMatchObject({
      outcome: 'surfaced',
      error: {
        name: 'ExitCode',
        message: expect.stringMatching(/^RouterError: the connection failed \((ECONNRESET|UND_ERR_SOCKET)\)$/),
      },
    })
    expect(byId['no_credits@0']).toMatchObject({
      outcome: 'surfaced',
      error: { name: 'ExitCode', message: expect.stringMatching(/^RouterError: 402 /) },
    })
  })

  it('judges a command that exits 1 with a clean message on a 402 as surfaced; the real key never reaches the command or the report', () => {
    const { byId } = scenarioNamed('exec-leaky-surfacer')
    expect(byId['no_credits@0']).toMatchObject({ verdict: 'pass', outcome: 'surfaced', error: { name: 'ExitCode' } })
    expect(byId['no_credits@0']!.error!.message).toMatch(
      /^InvoiceError: the router said 402 .+ \(sent with key \[REDACTED\]\)$/,
    )
    expect(JSON.stringify(report)).not.toContain(KEY)
    expect(JSON.stringify(report)).not.toContain(OPENAI_KEY)
  })

  it('counts an uncaught TypeError on an error-in-200 body as a crash', () => {
    const { byId } = scenarioNamed('exec-trusts-every-body')
    expect(byId['clean']).toMatchObject({ verdict: 'pass', outcome: 'valid' })
    const crashed = byId['error_in_200@0']!
    expect(crashed).toMatchObject({
      verdict: 'fail',
      outcome: 'crashed',
      error: { name: 'TypeError', message: "Cannot read properties of undefined (reading '0')" },
    })
    expect(crashed.failures[0]!.message).toBe(
      "the client crashed with TypeError: Cannot read properties of undefined (reading '0') (a TypeError is a bug in the client, not a surfaced error); it was handling an HTTP 200 whose body carried an error",
    )
  })

  it('kills a command still running at the deadline, with what it started, and counts it as hung', async () => {
    const { byId } = scenarioNamed('exec-hangs')
    expect(byId['clean']).toMatchObject({ verdict: 'fail', outcome: 'hung' })
    expect(byId['clean']!.failures[0]!.message).toBe(
      'the client was still running at the case deadline of 2000 ms; a hang counts as a crash',
    )
    const [entry] = logEntries.filter((e) => e.hang)
    expect(entry, 'the fixture logged its pids before the deadline').toBeDefined()
    expect(await gone(entry!.pid as number)).toBe(true)
    expect(await gone(entry!.helper as number)).toBe(true)
  })

  it('stops a command whose stdout passes 16 MB and fails the case with a sentence, instead of judging a cut answer', () => {
    const { byId } = scenarioNamed('exec-floods-stdout')
    expect(byId['clean']).toMatchObject({ verdict: 'fail', outcome: 'crashed' })
    expect(byId['clean']!.failures.map((f) => f.message)).toContainEqual(
      expect.stringMatching(
        /^the command wrote more than 16 MB to stdout, the most the harness reads as an answer, so it was stopped; print only the result as JSON/,
      ),
    )
  })

  it('returns stdout that is not JSON as a string, so the contract says why it is invalid', () => {
    const { byId } = scenarioNamed('exec-prose')
    expect(byId['clean']).toMatchObject({ verdict: 'fail', outcome: 'invalid', servedBy: 'google/gemini-2.5-flash' })
    expect(byId['clean']!.failures).toEqual([
      {
        check: 'json-parse',
        path: '$',
        message: 'the result is text, not JSON: "Sure! The weather in Lisbon is 21 degre…"',
      },
    ])
  })

  it('runs cases concurrently, each against its own emulator, and closes the server at the end', async () => {
    const { scenario } = scenarioNamed('exec-overlap')
    expect(
      scenario.cases
        .filter((c) => c.verdict === 'fail')
        .map((c) => `${c.id}: ${c.failures.map((f) => f.message).join('; ')}`),
    ).toEqual([])
    const entries = logEntries.filter((e) => e.case !== undefined)
    expect(entries.map((e) => e.case).sort()).toEqual(['clean', 'rate_limit@0', 'rate_limit@0-1'])
    // Every case saw its own plan: a different model served each.
    expect(Object.fromEntries(entries.map((e) => [e.case, e.model]))).toEqual({
      clean: 'google/gemini-2.5-flash',
      'rate_limit@0': 'openai/gpt-4.1-mini',
      'rate_limit@0-1': 'anthropic/claude-sonnet-4.5',
    })
    const bases = entries.map((e) => new URL(e.base as string))
    expect(new Set(bases.map((u) => u.pathname)).size).toBe(3)
    expect(new Set(bases.map((u) => u.origin)).size).toBe(1)
    // They ran at the same time.
    expect(Math.max(...entries.map((e) => e.start as number))).toBeLessThan(
      Math.min(...entries.map((e) => e.end as number)),
    )
    // The server is gone.
    await expect(fetch(`${bases[0]!.origin}/case/x/api/v1/models`)).rejects.toThrow()
  })

  it('refuses a command the shell cannot find as bad input (exit 2), naming the scenario file and the field', async () => {
    // Its own run: bad input stops a whole run.
    await expect(runScenarios({ cwd: REPO_ROOT, paths: [FILE], grep: '^exec-not-found$' })).rejects.toMatchObject({
      category: 'input',
      message: expect.stringMatching(
        /^test\/fixtures\/exec\/exec\.scenario\.ts: client\.exec: the shell could not run `cascade-harness-no-such-command --flag` in .+ \(.*not found\)\. Fix: /,
      ),
    })
  })
})
