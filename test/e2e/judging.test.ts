import { describe, expect, it } from 'vitest'
import { runScenarios } from '../../src/runner/run-scenarios.js'
import { REPO_ROOT } from '../helpers/run-cli.js'

/** The buggy-client fixtures, run once in-process through the real loader, interception and emulator. */
let naiveReport: ReturnType<typeof runScenarios> | undefined

async function runFixture(name: string) {
  naiveReport ??= runScenarios({ cwd: REPO_ROOT, paths: ['test/fixtures/clients/naive-clients.scenario.ts'] })
  const report = await naiveReport
  const scenario = report.scenarios.find((s) => s.name === name)!
  return { report, scenario, failing: scenario.cases.filter((c) => c.verdict === 'fail') }
}

describe('judging real client functions', () => {
  it('counts a client that crashes on an HTTP 200 error body as crashed, and says what it was handling', async () => {
    const { scenario, failing } = await runFixture('crashes-on-error-in-200')
    expect(scenario.cases.find((c) => c.id === 'clean')?.verdict).toBe('pass')
    expect(failing.map((c) => [c.id, c.outcome])).toEqual([['error_in_200@0', 'crashed']])
    expect(failing[0]!.failures[0]!.message).toMatch(
      /^the client crashed with TypeError: .+; it was handling an HTTP 200 whose body carried an error$/,
    )
  })

  it('fails a client that drops the tools on its own retry, naming the step and the missing field', async () => {
    const { failing } = await runFixture('drops-tools-on-retry')
    expect(failing).toHaveLength(1)
    expect(failing[0]!.requests).toBe(2)
    expect(failing[0]!.failures.map((f) => f.message)).toContain(
      'step 1 was sent no `tools` although the scenario declares them',
    )
  })

  it('counts a client that JSON.parses a fenced answer as crashed at every step', async () => {
    const { failing } = await runFixture('parses-fenced-json')
    expect(failing.map((c) => [c.id, c.outcome])).toEqual([
      ['fenced_json@0', 'crashed'],
      ['fenced_json@1', 'crashed'],
      ['fenced_json@2', 'crashed'],
    ])
    expect(failing[0]!.failures[0]!.message).toContain('the client crashed with SyntaxError')
    expect(failing[0]!.failures[0]!.message).toContain('it was handling an answer with the quirk "fenced_json"')
  })

  it('counts a client still running at the case deadline as hung', async () => {
    const { failing } = await runFixture('hangs-on-error')
    expect(failing.map((c) => [c.id, c.outcome])).toEqual([['no-credits', 'hung']])
    expect(failing[0]!.failures[0]!.message).toBe(
      'the client was still running at the case deadline of 300 ms; a hang counts as a crash',
    )
  })

  it('synthesizes answers that also meet expect.result, so a bound kept only in zod does not fail every case', async () => {
    for (const seed of [1, 2, 3]) {
      const report = await runScenarios({
        cwd: REPO_ROOT,
        paths: ['test/fixtures/clients/bounded-score.scenario.ts'],
        seed,
      })
      const failing = report.scenarios[0]!.cases.filter((c) => c.verdict === 'fail').map(
        (c) => `${c.id}: ${c.failures.map((f) => f.message).join('; ')}`,
      )
      expect(failing, `seed ${seed}`).toEqual([])
    }
  })
})

describe('calls to other hosts (otherHosts)', () => {
  let telemetryReport: ReturnType<typeof runScenarios> | undefined
  const run = async (name: string) => {
    telemetryReport ??= runScenarios({ cwd: REPO_ROOT, paths: ['test/fixtures/clients/telemetry.scenario.ts'] })
    return (await telemetryReport).scenarios.find((s) => s.name === name)!
  }

  it('fails every case by default, although the client caught the network error', async () => {
    const scenario = await run('telemetry-fails')
    expect(scenario.cases.every((c) => c.verdict === 'fail')).toBe(true)
    expect(scenario.cases[0]!.failures.map((f) => f.check)).toEqual(['unhandled-request'])
  })

  it("with otherHosts: 'refuse', gives the client a network error, notes the URL (without its query) and judges the rest", async () => {
    const scenario = await run('telemetry-refused')
    expect(scenario.cases.map((c) => [c.id, c.verdict])).toEqual(scenario.cases.map((c) => [c.id, 'pass']))
    expect(scenario.cases[0]!.refusedUrls).toEqual(['https://telemetry.example.com/v1/event?…'])
    expect(scenario.warnings.at(-1)).toBe(
      "the client called https://telemetry.example.com/v1/event?…, which the harness refused with a network error (otherHosts: 'refuse'); nothing was sent to the network and the verdicts ignore these calls",
    )
  })
})
