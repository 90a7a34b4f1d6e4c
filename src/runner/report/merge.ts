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
        byName.set(scenario.name, {
          ...scenario,
          cases: [...scenario.cases],
          lint: [...scenario.lint],
          warnings: [...scenario.warnings],
        })
        continue
      }
      seen.cases.push(...scenario.cases)
      seen.lint = uniqueFindings([...seen.lint, ...scenario.lint])
      seen.warnings = [...new Set([...seen.warnings, ...scenario.warnings])]
      seen.durationMs += scenario.durationMs
    }
  }
  const scenarios = [...byName.values()].map(({ plannedCases, ...s }) => {
    const cases = inPlannedOrder(uniqueCases(s.cases), plannedCases)
    return { ...s, cases, passed: scenarioPassed(cases, s.lint) }
  })
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

/** The cases in the order of the whole run's matrix, as the unsharded run lists them (shard order when unknown). */
function inPlannedOrder(cases: CaseReport[], planned: readonly string[] | undefined): CaseReport[] {
  if (planned === undefined) return cases
  const rank = new Map(planned.map((id, i) => [id, i]))
  return [...cases].sort((a, b) => (rank.get(a.id) ?? planned.length) - (rank.get(b.id) ?? planned.length))
}

/** A case id twice (the same shard merged twice) counts once. */
function uniqueCases(cases: readonly CaseReport[]): CaseReport[] {
  const seen = new Set<string>()
  return cases.filter((c) => (seen.has(c.id) ? false : (seen.add(c.id), true)))
}

/** A shard report with the file it came from, for sentences. */
export interface ShardFile {
  file: string
  report: Report
}

/**
 * Why `shards` are not the complete set `1/n` ... `n/n` of one run, as the sentence `merge` exits 2
 * with, or null when they are: a gate merged from part of a run, a shard twice or two runs would pass
 * cases it never ran. With `ci`, every shard must have run with --ci too (what the gate enforces
 * differs: stale cassettes fail only in CI).
 */
export function shardSetProblem(
  shards: readonly ShardFile[],
  ci: boolean,
): { file: string; problem: string; fix: string } | null {
  const unsharded = shards.find((s) => s.report.shard === null)
  if (unsharded)
    return {
      file: unsharded.file,
      problem: 'the report is of a whole run, not of a shard (it was written without --shard)',
      fix: 'merge only the reports of `run --shard 1/n` ... `n/n`; a whole run needs no merge',
    }
  const [first] = shards
  if (first === undefined)
    return {
      file: 'cascade-harness merge',
      problem: 'no report was given',
      fix: 'pass the cascade-report.json of each shard',
    }
  const other = shards.find((s) => s.report.run.id !== first.report.run.id)
  if (other) {
    return {
      file: other.file,
      problem: `the report is of another run than ${first.file} (its scenarios, cases, seed, catalog, --ci or version differ)`,
      fix: 'merge the shards of one run only: run every shard from the same commit with the same flags, then merge their reports',
    }
  }
  const count = first.report.shard!.count
  const otherCount = shards.find((s) => s.report.shard!.count !== count)
  if (otherCount)
    return {
      file: otherCount.file,
      problem: `the report is shard ${label(otherCount)} while ${first.file} is shard ${label(first)}`,
      fix: 'merge the shards of one split (the same n in every --shard i/n)',
    }
  const byIndex = new Map<number, string>()
  for (const shard of shards) {
    const index = shard.report.shard!.index
    const seen = byIndex.get(index)
    if (seen !== undefined)
      return {
        file: shard.file,
        problem: `shard ${label(shard)} is given twice (also ${seen})`,
        fix: "pass each shard's report once",
      }
    byIndex.set(index, shard.file)
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i))
  if (missing.length > 0) {
    return {
      file: 'cascade-harness merge',
      problem: `shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing, so the merged gate would pass cases that never ran`,
      fix: `pass the reports of all ${count} shards`,
    }
  }
  const notCi = shards.find((s) => !s.report.run.ci)
  if (ci && notCi)
    return {
      file: notCi.file,
      problem: 'the shard ran without --ci, so it gated like a local run (stale cassettes only warn)',
      fix: 'run every shard with --ci (or CI=true), or merge without --ci',
    }
  return null
}

function label(shard: ShardFile): string {
  return `${shard.report.shard!.index}/${shard.report.shard!.count}`
}
