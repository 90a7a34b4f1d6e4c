import type { ScenarioCassettes } from '../adapters/cassette-store/index.js'
import type { LoadedScenario } from '../adapters/load/load-scenarios.js'
import type { LintFinding } from '../core/types.js'
import type { Config } from '../schema/config.js'

/**
 * Stale cassettes (the request changed since recording) fail the gate in CI and warn locally;
 * missing ones follow `missingCassette` in CI. Reported as findings so every reporter shows them.
 */
export function cassetteFindings(
  loaded: LoadedScenario,
  cassettes: ScenarioCassettes,
  context: { ci: boolean; config: Config },
): LintFinding[] {
  const findings: LintFinding[] = []
  const rerecord = `run \`cascade-harness record ${loaded.file} --grep '^${loaded.scenario.name}$'\` and commit the new cassettes`
  const statuses = cassettes.status(loaded.scenario.request)
  for (const status of statuses.filter((s) => s.state === 'stale')) {
    findings.push({
      rule: 'stale-cassette',
      severity: context.ci ? 'error' : 'warning',
      step: status.step,
      path: 'request',
      message: `scenario "${loaded.scenario.name}": step ${status.step + 1} (${status.model}) has a stale cassette${status.changed.length > 0 ? `: ${status.changed.slice(0, 3).join(', ')} changed` : ''} since it was recorded${status.recordedAt ? ` on ${status.recordedAt.slice(0, 10)}` : ''}; its recorded answer is no longer evidence for this request`,
      fix: rerecord,
    })
  }
  // A cassette an emulator answered (recorded from `serve`) is no real answer: it counts as missing.
  const synthetic = new Set(
    cassettes.cassettes.filter((c) => c.synthetic).map((c) => `${c.model}\u0000${c.requestHash}`),
  )
  const missing = statuses.filter(
    (s) => s.state === 'missing' || (s.state === 'fresh' && synthetic.has(`${s.model}\u0000${s.recordedHash}`)),
  )
  const setting = context.config.missingCassette
  if (context.ci && setting !== 'ignore' && missing.length > 0) {
    findings.push({
      rule: 'missing-cassette',
      severity: setting === 'fail' ? 'error' : 'warning',
      step: missing.length === 1 ? (missing[0]?.step ?? null) : null,
      path: 'request',
      message: `scenario "${loaded.scenario.name}" has no real recorded answer for ${missing.map((s) => `step ${s.step + 1} (${s.model})${s.state === 'fresh' ? ' (its cassette was answered by an emulator)' : ''}`).join(', ')}: those steps are judged on synthesized answers`,
      fix: rerecord,
    })
  }
  return applySeverities(findings, context.config.lint.rules)
}

/** `lint.rules` governs these findings as it does lint's own: a severity, or 'off' to drop them. */
function applySeverities(
  findings: LintFinding[],
  rules: Record<string, 'error' | 'warning' | 'info' | 'off'>,
): LintFinding[] {
  return findings.flatMap((finding) => {
    const override = rules[finding.rule]
    if (override === 'off') return []
    return override === undefined ? [finding] : [{ ...finding, severity: override }]
  })
}
