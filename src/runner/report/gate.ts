import type { CaseReport, Report, ReportFinding, ScenarioReport } from '../../schema/report.js'

/**
 * The gate, in one place for `run`, `lint` and `merge`: a scenario passes when every case passed and
 * lint found no error; a run passes when every scenario did; exit 0 when it passed, 1 when not.
 */
export function scenarioPassed(cases: readonly CaseReport[], lint: readonly ReportFinding[]): boolean {
  return cases.every((c) => c.verdict === 'pass') && lint.every((f) => f.severity !== 'error')
}

export function runPassed(scenarios: readonly ScenarioReport[]): boolean {
  return scenarios.every((s) => s.passed)
}

export function gateExitCode(report: Pick<Report, 'passed'>): 0 | 1 {
  return report.passed ? 0 : 1
}

/** The report's counts, from its scenarios. */
export function summarize(scenarios: readonly ScenarioReport[], durationMs: number): Report['summary'] {
  const cases = scenarios.flatMap((s) => s.cases)
  const lint = scenarios.flatMap((s) => s.lint)
  const count = (severity: ReportFinding['severity']) => lint.filter((f) => f.severity === severity).length
  return {
    scenarios: scenarios.length,
    cases: cases.length,
    passed: cases.filter((c) => c.verdict === 'pass').length,
    failed: cases.filter((c) => c.verdict === 'fail').length,
    lint: { error: count('error'), warning: count('warning'), info: count('info') },
    durationMs,
  }
}
