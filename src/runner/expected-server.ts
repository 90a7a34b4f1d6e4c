import { getFault } from '../core/faults.js'
import type { Plan } from '../core/types.js'

/**
 * For a hand-written plan without `expect.servedBy`: the model the router should end at, reading the
 * first attempt's fault at each step. Provider-level keys (`model@Provider`) are left out: another
 * provider of the same model may still serve.
 */
export function expectedServedBy(
  at: Plan['at'],
  steps: readonly string[],
  canServe: (step: number) => boolean,
): string | null {
  // A fault of the account (no_credits, bad_key) fails every request before routing, wherever it is planned.
  const firsts = Object.values(at).map((value) => (Array.isArray(value) ? value[0] : value))
  if (firsts.some((name) => name !== undefined && getFault(name)?.belongsTo === 'account')) return null
  for (let k = 0; k < steps.length; k++) {
    const model = steps[k] ?? ''
    const value = at[String(k)] ?? at[model]
    const first = value === undefined ? undefined : Array.isArray(value) ? value[0] : value
    const fault = first === undefined ? undefined : getFault(first)
    if (fault === undefined || fault.layer === 'answer') {
      if (canServe(k)) return model
      continue
    }
    if (!fault.fallsBack) return null
  }
  return null
}
