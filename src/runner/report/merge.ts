import type { CaseReport, Report, ReportFinding, ScenarioReport } from '../../schema/report.js'
import { runPassed, scenarioPassed, summarize } from './gate.js'

/**
 * One report from the reports of `--shard 1/n` ... `n/n`: scenarios by name, cases in each shard's
 * order (matrix order within a shard), lint findings once (every shard lints every scenario), the
 * summary recomputed. Pure: the command reads and validates the files.
 */
export function mergeReports(reports: readonly Report[]): Report {
  const first = reports[0]
  if (first === undefined) throw new Error('mergeReports needs at least one report')
  const byName = new Map<string, ScenarioReport>()
  for (const report of reports) {
    for (const scenario of report.scenarios) {
      const seen = byName.get(scenario.name)
      if (seen === undefined) {
        byName.set(scenario.name, { ...scenario, cases: [...scenario.cases], lint: [...scenario.lint], warnings: [...scenario.warnings] })
        continue
      }
      seen.cases.push(...scenario.cases)
      seen.lint = uniqueFindings([...seen.lint, ...scenario.lint])
      seen.warnings = [...new Set([...seen.warnings, ...scenario.warnings])]
      seen.durationMs += scenario.durationMs
    }
  }
  const scenarios = [...byName.values()].map((s) => ({ ...s, cases: uniqueCases(s.cases), passed: scenarioPassed(s.cases, s.lint) }))
  return {
    ...first,
    passed: runPassed(scenarios),
    shard: null,
    // Shards run side by side: the merged run took as long as its slowest shard.
    summary: summarize(scenarios, Math.max(...reports.map((r) => r.summary.durationMs))),
    scenarios,
  }
}

function uniqueFindings(findings: readonly ReportFinding[]): ReportFinding[] {
  const seen = new Set<string>()
  return findings.filter((f) => {
    const key = JSON.stringify([f.rule, f.severity, f.step, f.path, f.message])
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** A case id twice (the same shard merged twice) counts once. */
function uniqueCases(cases: readonly CaseReport[]): CaseReport[] {
  const seen = new Set<string>()
  return cases.filter((c) => (seen.has(c.id) ? false : (seen.add(c.id), true)))
}
