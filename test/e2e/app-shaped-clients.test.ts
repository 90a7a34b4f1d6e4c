import { beforeAll, describe, expect, it } from 'vitest'
import { runScenarios } from '../../src/runner/run-scenarios.js'
import { reportSchema, type Report } from '../../src/schema/report.js'
import { REPO_ROOT } from '../helpers/run-cli.js'

const FIXTURE = 'test/fixtures/clients/app-shaped.scenario.ts'
const BOUNDS = 'test/fixtures/clients/app-bounds.scenario.ts'
const request = { models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini', 'anthropic/claude-sonnet-4.5'] }

/**
 * Runs a fixture file once and shares its report between the tests that read it: each of these
 * scenarios has `stall` cases that hold real time until the app gives up (1.5 s), so a second run of the
 * same scenario costs seconds and shows nothing new. Eight cases in flight let those waits overlap.
 */
const runs = new Map<string, Promise<Report>>()
function runFile(file: string): Promise<Report> {
  let report = runs.get(file)
  if (!report) {
    report = runScenarios({ cwd: REPO_ROOT, paths: [file], concurrency: 8 })
    runs.set(file, report)
  }
  return report
}

// Both files run before the tests, one after the other (a run owns the process's interception), under a
// set-up limit rather than the first test's: 10 s on a quiet 2-core machine, 40 s at load 13.
beforeAll(async () => {
  await runFile(FIXTURE)
  await runFile(BOUNDS)
}, 120_000)

/** The whole report of the file and its one scenario of that name. */
async function scenarioOf(file: string, name: string) {
  const whole = await runFile(file)
  const scenario = whole.scenarios.find((s) => s.name === name)!
  expect(scenario, name).toBeDefined()
  return { report: whole, scenario }
}

async function run(name: string) {
  const { report, scenario } = await scenarioOf(FIXTURE, name)
  const failing = scenario.cases
    .filter((c) => c.verdict === 'fail')
    .map((c) => `${c.id}: ${c.failures.map((f) => f.message).join('; ')}`)
  return { report, scenario, failing }
}

describe('apps that return their own object, judged by their own strict zod schema', () => {
  for (const name of ['app-fetch', 'app-openai-sdk', 'app-ai-sdk']) {
    it(`${name}: every case of the matrix passes ({ ...parsed, used: response.model } is the app's, not the wire's)`, async () => {
      const { scenario, failing } = await run(name)
      expect(scenario.cases.length).toBeGreaterThan(30)
      expect(failing).toEqual([])
    })
  }
})

describe('faults belong to models, not to positions in a request', () => {
  it('a client-side cascade (one `model` per request, careful parsing) passes its matrix, served by the model the router would pick', async () => {
    const { scenario, failing } = await run('client-side-cascade')
    expect(failing).toEqual([])
    const rateLimited = scenario.cases.find((c) => c.id === 'rate_limit@0-1')!
    // Three requests, one model each; the third model served, and the steps count in the app's cascade.
    expect(rateLimited.requests).toBe(3)
    expect(rateLimited.servedBy).toBe('anthropic/claude-sonnet-4.5')
    expect(rateLimited.servedStep).toBe(2)
    expect(rateLimited.attempts.map((a) => [a.step, a.status])).toEqual([
      [0, 429],
      [1, 429],
      [2, 200],
    ])
  })

  it('the same loop that stops after the first failure fails where a later model could serve', async () => {
    const { scenario } = await run('client-side-cascade-gives-up')
    const failed = scenario.cases.filter((c) => c.verdict === 'fail')
    expect(failed.map((c) => c.id)).toContain('rate_limit@0')
    expect(failed.find((c) => c.id === 'rate_limit@0')!.failures[0]!.message).toBe(
      'the client threw WeatherUnavailable: the router answered 429, although openai/gpt-4.1-mini could serve',
    )
    expect(scenario.cases.find((c) => c.id === 'clean')!.verdict).toBe('pass')
  })
})

describe("the account's faults fail every model a client-side cascade tries", () => {
  it('the careful loop meets the 402 and the 401 at each of its three models and surfaces them', async () => {
    const { scenario } = await run('client-side-cascade')
    for (const [id, status] of [
      ['no_credits@0', 402],
      ['no_credits@0~insufficient-credits', 402],
      ['bad_key@0', 401],
    ] as const) {
      const account = scenario.cases.find((c) => c.id === id)!
      expect([account.verdict, account.outcome, account.servedBy]).toEqual(['pass', 'surfaced', null])
      expect(account.requests).toBe(3)
      expect(account.attempts.map((a) => [a.model, a.status])).toEqual(request.models.map((model) => [model, status]))
    }
  })

  it('a loop that swallows the errors and returns something anyway fails them', async () => {
    const { scenario } = await run('client-side-cascade-swallows')
    const verdicts = Object.fromEntries(scenario.cases.map((c) => [c.id, c.verdict]))
    expect(verdicts).toMatchObject({
      clean: 'pass',
      'rate_limit@0': 'pass',
      'no_credits@0': 'fail',
      'no_credits@0~insufficient-credits': 'fail',
      'bad_key@0': 'fail',
    })
  })
})

describe('the answer contract on the wire, per step', () => {
  it('reports whether each served step met the request contract, apart from the verdict', async () => {
    const { report, scenario } = await run('client-side-cascade')
    expect(() => reportSchema.parse(report)).not.toThrow()
    const clean = scenario.cases.find((c) => c.id === 'clean')!
    expect(clean.answers).toEqual([{ request: 0, step: 0, model: 'google/gemini-2.5-flash', met: true, failures: [] }])
    // The broken answer of step 2 is on record although the careful client fell back to step 3 and passed.
    const missing = scenario.cases.find((c) => c.id === 'missing_required_key@1')!
    expect(missing.verdict).toBe('pass')
    expect(missing.answers.map((a) => [a.step, a.met])).toEqual([
      [1, false],
      [2, true],
    ])
    expect(missing.answers[0]!.failures[0]!.message).toMatch(/required key/)
  })
})

describe('synthesized answers are not kinder than models: outside_app_schema', () => {
  const runBounds = async (name: string) => (await scenarioOf(BOUNDS, name)).scenario

  it('fails an app that returns an answer its own schema refuses, and passes one that checks it; clean stays kind to both', async () => {
    const trusting = await runBounds('trusts-the-model')
    expect(trusting.cases.map((c) => [c.id, c.verdict, c.outcome])).toEqual([
      ['clean', 'pass', 'valid'],
      ['outside_app_schema@0', 'fail', 'invalid'],
      ['outside_app_schema@1', 'fail', 'invalid'],
    ])
    const quirky = trusting.cases[1]!
    expect(quirky.failures[0]!.message).toBe('$.priority: Too small: expected number to be >=1')
    // The answer met the wire contract: only the app's schema can catch it.
    expect(quirky.answers.map((a) => a.met)).toEqual([true])
    const careful = await runBounds('checks-its-own-schema')
    expect(careful.cases.map((c) => [c.id, c.verdict, c.outcome])).toEqual([
      ['clean', 'pass', 'valid'],
      ['outside_app_schema@0', 'pass', 'surfaced'],
      ['outside_app_schema@1', 'pass', 'surfaced'],
    ])
  })

  it('lints the gap as contract-gap (info), naming the schema path and the fix', async () => {
    const scenario = await runBounds('trusts-the-model')
    expect(scenario.lint.filter((f) => f.rule === 'contract-gap').map((f) => [f.severity, f.path])).toEqual([
      ['info', 'request.response_format.json_schema.schema.properties.priority'],
      ['info', 'request.response_format.json_schema.schema.properties.priority'],
    ])
    expect(scenario.lint.find((f) => f.rule === 'contract-gap')!.message).toBe(
      'expect.result requires a value of at least 1 at $.priority, which the response_format schema does not say: a model may send an answer the router accepts and the app must refuse (the outside_app_schema cases test that the app surfaces or repairs it).',
    )
  })
})
