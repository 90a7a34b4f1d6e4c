import type { LintFinding } from '../../types.js'
import { providerSlug, providersOf } from '../families.js'
import { lintSteps, stepName } from '../steps.js'
import type { LintContext } from '../types.js'
import { list } from '../words.js'

/**
 * `provider-order`: `provider.order` names no provider that serves a step. The order is a preference:
 * the listed providers are tried first, then the others (docs/router-behaviour.md §1.3), so by default this is only
 * information. With `allow_fallbacks: false` only the listed providers may serve, so the step has none:
 * a warning. Who serves a step comes from the catalog's `providers` field (our addition) or, for the
 * first-party families, from core/lint/families.ts; steps with neither are skipped.
 */
export function providerOrder({ request, catalog }: LintContext): LintFinding[] {
  const order = request.provider?.order
  if (!Array.isArray(order) || order.length === 0) return []
  const wanted = new Set(order.filter((o): o is string => typeof o === 'string').map(providerSlug))
  const strict = request.provider?.allow_fallbacks === false
  const findings: LintFinding[] = []
  for (const step of lintSteps(request, catalog)) {
    const providers = providersOf(step.id, step.model)
    if (!providers || providers.names.some((name) => wanted.has(providerSlug(name)))) continue
    const served = `${list(providers.names)}${providers.from === 'family' ? ', as far as the harness knows' : ', per the catalog'}`
    findings.push({
      rule: 'provider-order',
      severity: strict ? 'warning' : 'info',
      step: step.index,
      path: 'request.provider.order',
      message: strict
        ? `provider.order (${list(order.map(String))}) names none of the providers of ${stepName(step)} (${served}), and allow_fallbacks is false: only the listed providers may serve, so this step finds no endpoint (404) and never serves.`
        : `provider.order (${list(order.map(String))}) names none of the providers of ${stepName(step)} (${served}): the order is only a preference, so the router routes this step as if it were not set.`,
      fix: `Add one of ${list(providers.names.map(providerSlug), 'or')} to provider.order${strict ? ', or drop allow_fallbacks: false' : ' if this step should prefer one'}.`,
    })
  }
  return findings
}
