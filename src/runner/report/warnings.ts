import type { CaseReport } from '../../schema/report.js'
import type { Scenario } from '../../schema/scenario.js'

/** What a scenario's cases say the reader should know beyond the verdicts: synthesized answers, the reference client's limits. */
export function scenarioWarnings(client: Scenario['client'], cases: readonly CaseReport[]): string[] {
  const warnings: string[] = []
  if (cases.some((c) => c.answerSource === 'synthesized')) {
    warnings.push(
      'answers were synthesized (no real recorded answer): they prove the plumbing, not that each model answers in this shape; run `cascade-harness record` against the router once to replay real answers',
    )
  }
  if (client === 'reference' && cases.some((c) => c.verdict === 'fail' && c.plan.layer === 'answer')) {
    warnings.push(
      'the reference client is a plain fetch client that repairs and refuses nothing, so answer-quirk cases fail with it by design: set `client` to your own code, allow refusals with expect.allowRefusal, or leave cases out with faults: { exclude: [...] } (a fault name or a case id)',
    )
  }
  const refused = [...new Set(cases.flatMap((c) => c.refusedUrls ?? []))]
  if (refused.length > 0) {
    const shown =
      refused.length > 3 ? `${refused.slice(0, 3).join(', ')} and ${refused.length - 3} more` : refused.join(', ')
    warnings.push(
      `the client called ${shown}, which the harness refused with a network error (otherHosts: 'refuse'); nothing was sent to the network and the verdicts ignore these calls`,
    )
  }
  return warnings
}
