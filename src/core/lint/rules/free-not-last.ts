import type { LintFinding } from '../../types.js'
import { lintSteps, stepName } from '../steps.js'
import type { LintContext } from '../types.js'
import { list } from '../../words.js'

const isFree = (id: string) => id.endsWith(':free')

/**
 * `free-not-last`: a `:free` variant before a paid step. Free variants allow 20 requests a minute and
 * 50 a day (1,000 with 10 credits bought) (docs/router-behaviour.md §7, D-LIM) and are the ones most often
 * rate-limited upstream, so a free step early in the cascade sends much of the traffic down to the
 * next step after a failed attempt. A cascade of only free steps is left alone: that is how a request
 * stays free (docs/router-behaviour.md §2.1, D-FB-old).
 * A free variant as the last resort behind paid steps is placed badly too: the last step is reached
 * only when every paid step has failed, under the load that made them fail, and a free variant is the
 * step likeliest to be rate-limited then.
 */
export function freeNotLast({ request, catalog }: LintContext): LintFinding[] {
  const steps = lintSteps(request, catalog)
  const findings: LintFinding[] = []
  for (const step of steps) {
    const paidAfter = steps.slice(step.index + 1).filter((s) => !isFree(s.id))
    const paidBefore = steps.slice(0, step.index).filter((s) => !isFree(s.id))
    if (!isFree(step.id)) continue
    if (paidAfter.length === 0) {
      if (step.index === steps.length - 1 && paidBefore.length > 0) {
        findings.push({
          rule: 'free-not-last',
          severity: 'warning',
          step: step.index,
          path: step.path,
          message: `${stepName(step)}, is a free variant as the last resort behind paid steps: it is reached only when every paid step has failed, under the load that made them fail, and free variants allow 20 requests a minute and 50 a day and are rate-limited upstream more than any other, so the cascade's last chance is its least available step.`,
          fix: `End the cascade with a paid model that serves the same tools and response_format, and drop ${step.id} (or keep a cascade of only free models if the request must stay free).`,
        })
      }
      continue
    }
    findings.push({
      rule: 'free-not-last',
      severity: 'warning',
      step: step.index,
      path: step.path,
      message: `${stepName(step)}, is a free variant ahead of paid ${paidAfter.length === 1 ? 'step' : 'steps'} ${list(paidAfter.map((s) => s.id))}: free variants allow 20 requests a minute and 50 a day (1,000 with 10 credits bought) and are rate-limited upstream more than any other, so many requests fail here first and reach the paid step late, after the failed attempt's latency.`,
      fix: `Move ${step.id} after ${paidAfter[paidAfter.length - 1]!.id} (last), or drop it.`,
    })
  }
  return findings
}
