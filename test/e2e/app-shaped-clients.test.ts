import { describe, expect, it } from 'vitest'
import { runScenarios } from '../../src/runner/run-scenarios.js'
import { reportSchema } from '../../src/schema/report.js'
import { REPO_ROOT } from '../helpers/run-cli.js'

const FIXTURE = 'test/fixtures/clients/app-shaped.scenario.ts'

async function run(name: string) {
  const report = await runScenarios({ cwd: REPO_ROOT, paths: [FIXTURE], grep: `^${name}$` })
  const scenario = report.scenarios[0]!
  const failing = scenario.cases.filter((c) => c.verdict === 'fail').map((c) => `${c.id}: ${c.failures.map((f) => f.message).join('; ')}`)
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
