import { describe, expect, it } from 'vitest'
import { runScenarios } from '../../src/runner/run-scenarios.js'
import { REPO_ROOT } from '../helpers/run-cli.js'

describe('a provider filter that leaves a step no endpoint', () => {
  it('is skipped with a 404 by the emulator, expected skipped by the matrix and warned about by lint', async () => {
    const report = await runScenarios({ cwd: REPO_ROOT, paths: ['test/fixtures/clients/provider-filters.scenario.ts'] })
    const scenario = report.scenarios[0]!
    const clean = scenario.cases.find((c) => c.id === 'clean')!
    expect(clean).toMatchObject({
      verdict: 'pass',
      servedBy: 'meta-llama/llama-3.3-70b-instruct',
      expectedServedBy: 'meta-llama/llama-3.3-70b-instruct',
    })
    expect(clean.attempts.map((a) => [a.model, a.fault, a.natural, a.status])).toEqual([
      ['openai/gpt-4.1-mini', 'no_endpoint', true, 404],
      ['meta-llama/llama-3.3-70b-instruct', null, false, 200],
    ])
    // A warning for the step the filter empties; information that Llama's endpoints state no quantization.
    expect(scenario.lint.filter((f) => f.rule === 'provider-order')).toMatchObject([
      { severity: 'warning', step: 0, path: 'request.provider.quantizations' },
      { severity: 'info', step: 1, path: 'request.provider.quantizations' },
    ])
    expect(report.passed).toBe(true)
  })
})
