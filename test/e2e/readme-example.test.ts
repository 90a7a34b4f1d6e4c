import { describe, expect, it } from 'vitest'
import { runScenarios } from '../../src/runner/run-scenarios.js'
import { REPO_ROOT } from '../helpers/run-cli.js'

describe("the README's scenario example", () => {
  it('passes as written: its budgets (read from the README) hold on every case of the corrected cascade, timeouts included', async () => {
    const report = await runScenarios({ cwd: REPO_ROOT, paths: ['test/fixtures/readme/readme-example.scenario.ts'] })
    const scenario = report.scenarios[0]!
    expect(scenario.cases.some((c) => c.id === 'timeout@0-1')).toBe(true)
    expect(
      scenario.cases
        .filter((c) => c.verdict === 'fail')
        .map((c) => `${c.id}: ${c.failures.map((f) => f.message).join('; ')}`),
    ).toEqual([])
  })
})
