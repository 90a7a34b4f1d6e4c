import { providerMatches } from '../catalog/providers.js'
import { getFault } from '../faults.js'
import type { Plan } from '../types.js'

/**
 * Reads a plan's `at` map as the case goes on. Keys name a step by model id (`google/gemini-2.5-flash`)
 * or index (`"0"`), optionally narrowed to one provider (`google/gemini-2.5-flash@Google Vertex`,
 * `0@google-vertex`: display name or routing slug, any case).
 *
 * Values, and why:
 * - a fault name is persistent: every request that reaches the step meets it, so a client that
 *   retries (the openai SDK does, twice) meets the same outage, as it would in production;
 * - a list is consumed one entry per request that reaches the step (per attempt at that provider for
 *   a provider key), in order, across the whole case; once it is used up the step answers normally,
 *   which is how a plan says "fails twice, then recovers".
 * When both a model-id key and an index key name the same step, the model-id key wins.
 *
 * A fault of the account (core/faults `belongsTo: 'account'`: `no_credits`, `bad_key`) is not a
 * model's: whatever key names it, every request meets it before routing (`atAccount`), whatever
 * model it names. In a list it is met when it is the key's next entry, and consumed once for the
 * whole account, so a one-time 402 stays one-time however many models the client tries.
 */
export interface PlanCursor {
  /** The account's fault for this request, or null; call once per request that reaches the router. */
  atAccount(): string | null
  /** The fault for this arrival at the step, or null. Consumes one entry of a list. */
  atStep(step: number, model: string): string | null
  /** What `atStep` would answer now, consuming nothing. */
  peekStep(step: number, model: string): string | null
  /** The fault for this attempt at one provider of the step, or null. Consumes one entry of a list. */
  atProvider(step: number, model: string, provider: string): string | null
}

interface Entry {
  value: string | readonly string[]
  uses: number
}

interface ProviderEntry extends Entry {
  target: string
  provider: string
}

export function createPlanCursor(plan: Plan): PlanCursor {
  const steps = new Map<string, Entry>()
  const providers: ProviderEntry[] = []
  for (const [key, value] of Object.entries(plan.at)) {
    // `@` at index 0 would be a preset id (`@preset/x`), not a provider separator.
    const at = key.lastIndexOf('@')
    if (at > 0) providers.push({ target: key.slice(0, at), provider: key.slice(at + 1), value, uses: 0 })
    else steps.set(key, { value, uses: 0 })
  }

  const all: Entry[] = [...steps.values(), ...providers]
  return {
    atAccount() {
      for (const entry of all) {
        const fault = next(entry)
        if (fault !== null && getFault(fault)?.belongsTo === 'account') return take(entry)
      }
      return null
    },
    atStep(step, model) {
      const entry = steps.get(model) ?? steps.get(String(step))
      return entry === undefined ? null : take(entry)
    },
    peekStep(step, model) {
      const entry = steps.get(model) ?? steps.get(String(step))
      return entry === undefined ? null : next(entry)
    },
    atProvider(step, model, provider) {
      if (providers.length === 0) return null
      const index = String(step)
      const entry =
        providers.find((e) => e.target === model && providerMatches(e.provider, provider)) ??
        providers.find((e) => e.target === index && providerMatches(e.provider, provider))
      return entry === undefined ? null : take(entry)
    },
  }
}

function take(entry: Entry): string | null {
  const fault = next(entry)
  if (typeof entry.value !== 'string') entry.uses++
  return fault
}

function next(entry: Entry): string | null {
  const { value } = entry
  if (typeof value === 'string') return value
  return entry.uses < value.length ? (value[entry.uses] ?? null) : null
}
