import { scrubText } from '../../adapters/cassette-store/redact.js'
import type { Plan } from '../../core/types.js'
import type { CaseReport } from '../../schema/report.js'
import type { LoadedScenario } from '../../adapters/load/load-scenarios.js'
import type { CaseResult } from '../run-case.js'

export function describeClient(client: LoadedScenario['scenario']['client']): string {
  if (client === 'reference') return 'reference'
  if (typeof client === 'function') return `function ${client.name || '(anonymous)'}`
  return `exec ${client.exec}`
}

/**
 * A client's error message or a URL it called may carry the API key: every sentence that reaches a
 * report is scrubbed of it (and of anything shaped like an OpenRouter key or a bearer token).
 */
export function toCaseReport(plan: Plan, result: CaseResult, secrets: readonly string[]): CaseReport {
  const scrub = (text: string) => scrubText(text, secrets)
  // The served attempt of a quirky answer shows the quirk as its fault: that is what happened at that step.
  const attempts = result.traces.flatMap((t) =>
    t.attempts.map((a) =>
      t.quirk && a.fault === null && a.step === t.servedStep && a.status === 200 ? { ...a, fault: t.quirk } : a,
    ),
  )
  const last = result.traces.at(-1)
  return {
    id: plan.id,
    title: plan.title,
    plan: { id: plan.id, at: plan.at, expect: plan.expect, layer: plan.layer },
    servedBy: result.servedBy,
    servedStep: result.servedStep,
    expectedServedBy: plan.expect.servedBy,
    verdict: result.verdict,
    outcome: result.outcome,
    failures: result.failures.map((f) => ({ ...f, message: scrub(f.message) })),
    costUsd: result.costUsd,
    latencyMs: result.latencyMs,
    answerSource: last?.answerSource ?? 'none',
    attempts,
    faults: {
      injected: unique(attempts.filter((a) => a.fault && !a.natural).map((a) => a.fault as string)),
      natural: unique([
        ...attempts.filter((a) => a.fault && a.natural).map((a) => a.fault as string),
        ...(attempts.some((a) => a.dropped) ? ['parameters_dropped'] : []),
      ]),
    },
    error:
      result.run.kind === 'threw' ? { name: result.run.error.name, message: scrub(result.run.error.message) } : null,
    requests: result.traces.length,
    ...(result.refusedUrls.length > 0 ? { refusedUrls: result.refusedUrls.map(scrub) } : {}),
    answers: result.answers.map((a) => ({
      ...a,
      failures: a.failures.map((f) => ({ ...f, message: scrub(f.message) })),
    })),
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)]
}
