import { didYouMean } from '../../core/did-you-mean.js'
import { listSteps, unknownStepKeys } from '../../core/plan/plan-keys.js'
import { FAULT_NAMES, isFaultName } from '../../core/faults.js'
import type { Plan } from '../../core/types.js'

/**
 * Which faults one HTTP request to `serve` runs under (docs/serve.md). A client picks a plan with
 *
 * - the header `x-cascade-plan: <plan>`, or
 * - a path prefix: base URL `http://127.0.0.1:PORT/plan/<url-encoded plan>/api/v1` (for clients that
 *   cannot set headers: only their base URL is configurable);
 *
 * and `<plan>` is one of
 *
 * - `none` (or `clean`): every step answers (the default without a plan);
 * - a case id that `cascade-harness run` prints (`rate_limit@0-1`, `every_step_fails`,
 *   `edge_502_html`, `fenced_json@2`, ...): the plan the default matrix runs for this request's body
 *   (core/plan/request-matrix.ts);
 * - `fault@step[,fault@step...]`: `rate_limit@0`, `rate_limit@0,downtime@1`; a step is an index
 *   (from 0), a range of indexes (`rate_limit@0-1`: steps 0 to 1), a model id
 *   (`rate_limit@google/gemini-2.5-flash`) or `model@Provider`; naming a step twice lists consecutive
 *   attempts (`rate_limit@0,rate_limit@0`: the first two attempts at step 0);
 * - a JSON object, a plan's `at` as in scenario files: `{"google/gemini-2.5-flash":"rate_limit"}`.
 *
 * A single token that is one of the request's case ids means that case (so `fenced_json@2` also
 * rate-limits steps 0 and 1, as in `run`); anything else reads as `fault@step` tokens.
 *
 * `x-cascade-session: <id>` groups requests into one case, so consecutive-attempt lists span a
 * client's retries; without it each request is a case of its own.
 */

export const PLAN_HEADER = 'x-cascade-plan'
export const SESSION_HEADER = 'x-cascade-session'
export const PLAN_PATH_PREFIX = '/plan/'

export interface PlanSelection {
  /** The plan text the client sent (header or path), or null for none. Resolved against the request body by `resolvePlan`. */
  text: string | null
  /** Requests with the same session share one emulator; null: this request is its own case. */
  session: string | null
  /** Where the plan came from. */
  source: 'default' | 'header' | 'path'
}

export const NO_FAULTS: Plan = { id: 'none', at: {}, expect: { servedBy: null }, title: 'no fault', layer: 'none' }

export type SelectionResult = { ok: true; selection: PlanSelection; path: string } | { ok: false; message: string }
export type PlanResult = { ok: true; plan: Plan } | { ok: false; message: string }

/**
 * Reads where a request's plan text and session come from. `path` is the URL path with any
 * `/plan/<plan>` prefix removed: what the emulator sees. Only the transport is checked here (URL
 * encoding, two different plans); what the text means depends on the body (`resolvePlan`).
 */
export function selectPlan(pathname: string, headers: Headers): SelectionResult {
  const header = headers.get(PLAN_HEADER)
  const session = headers.get(SESSION_HEADER)?.trim() || null
  let fromPath: string | null = null
  let rest = pathname
  if (pathname.startsWith(PLAN_PATH_PREFIX)) {
    const end = pathname.indexOf('/', PLAN_PATH_PREFIX.length)
    const segment = end === -1 ? pathname.slice(PLAN_PATH_PREFIX.length) : pathname.slice(PLAN_PATH_PREFIX.length, end)
    rest = end === -1 ? '/' : pathname.slice(end)
    try {
      fromPath = decodeURIComponent(segment)
    } catch {
      return {
        ok: false,
        message: `the plan in the path ("${segment}") is not valid URL encoding. Fix: encode it with encodeURIComponent.`,
      }
    }
  }
  if (fromPath !== null && header !== null && fromPath !== header) {
    return {
      ok: false,
      message: `the plan is given twice, in the path ("${fromPath}") and in ${PLAN_HEADER} ("${header}"). Fix: keep one of them.`,
    }
  }
  const text = fromPath ?? header
  return {
    ok: true,
    selection: { text, session, source: fromPath !== null ? 'path' : header !== null ? 'header' : 'default' },
    path: rest,
  }
}

/**
 * The plan a request runs under: `text` (a selection's) read against `matrix`, the plans
 * `cascade-harness run` would run for this request's body (core/plan/request-matrix.ts). A single token that
 * is a case id of the matrix selects that plan; other text is `fault@step` tokens or JSON
 * (`parsePlan`). A single token that is neither is an unknown case id, answered with the closest id.
 */
export function resolvePlan(text: string | null, matrix: readonly Plan[]): PlanResult {
  const trimmed = text?.trim() ?? ''
  if (trimmed === '' || trimmed === 'none') return { ok: true, plan: NO_FAULTS }
  const single = !trimmed.startsWith('{') && !trimmed.includes(',')
  if (single) {
    const known = matrix.find((plan) => plan.id === trimmed)
    if (known !== undefined) return { ok: true, plan: known }
    if (trimmed === 'clean') return { ok: true, plan: NO_FAULTS }
  }
  const parsed = parsePlan(trimmed)
  if (parsed.ok || !single) return parsed
  const ids = matrix.map((plan) => plan.id)
  const guess = didYouMean(trimmed, ids)
  const use = `Fix: use a case id \`cascade-harness run\` prints for this request (${ids.join(', ')}), or fault@step, e.g. rate_limit@0.`
  if (guess !== undefined)
    return { ok: false, message: `"${trimmed}" is not a case id of this request. Did you mean "${guess}"? ${use}` }
  return {
    ok: false,
    message: `"${trimmed}" is not a case id of this request, nor fault@step: ${parsed.message.replace(/ Fix: .*$/, '')} ${use}`,
  }
}

/**
 * Why `plan` names a step the request's cascade (`steps`, `[model, ...models]`) does not have, or
 * null when every key names one. The rule `run` applies to a scenario's hand-written plans
 * (runner/plan-problems.ts): a key is a step index from 0 or a model id of the cascade, optionally
 * with `@Provider`, and a misspelt model id gets a did-you-mean. Without it, `rate_limit@7` on three
 * steps would answer 200 as if the plan had run: a plan is an explicit instruction, so a step that
 * is not there is the client's mistake.
 */
export function planStepProblem(plan: Plan, steps: readonly string[]): string | null {
  const [first] = unknownStepKeys(Object.keys(plan.at), steps)
  if (first === undefined) return null
  const last = steps.length - 1
  const guess = first.closestStep
  const fix =
    first.suggestion !== undefined
      ? `write "${first.suggestion}"`
      : `name a step by its index, ${last > 0 ? `0 to ${last}` : '0'}, or by a model id of the cascade`
  return `"${first.step}" in the plan names no step of the cascade (${listSteps(steps)}).${guess !== undefined ? ` Did you mean "${guess}"?` : ''} Fix: ${fix}.`
}

/** Parses `fault@step` tokens or a JSON `at` object (the scheme above, without case ids) into a plan. */
export function parsePlan(text: string): PlanResult {
  const trimmed = text.trim()
  if (trimmed === '' || trimmed === 'none') return { ok: true, plan: NO_FAULTS }
  // No prototype: a step named `__proto__` stays a key (and is refused as no step), never a prototype.
  const at: Record<string, string[]> = Object.create(null) as Record<string, string[]>
  if (trimmed.startsWith('{')) {
    let json: unknown
    try {
      json = JSON.parse(trimmed)
    } catch (error) {
      return {
        ok: false,
        message: `the plan "${trimmed}" is not valid JSON (${(error as Error).message}). Fix: send an object like {"google/gemini-2.5-flash":"rate_limit"}.`,
      }
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      return {
        ok: false,
        message: 'the plan must be a JSON object from step to fault. Fix: send an object like {"0":"rate_limit"}.',
      }
    }
    for (const [step, value] of Object.entries(json)) {
      const faults =
        typeof value === 'string'
          ? [value]
          : Array.isArray(value) && value.every((v) => typeof v === 'string')
            ? (value as string[])
            : null
      if (faults === null || faults.length === 0) {
        return {
          ok: false,
          message: `the plan's step "${step}" must name a fault or a list of faults. Fix: write "${step}":"rate_limit".`,
        }
      }
      at[step] = faults
    }
  } else {
    for (const token of trimmed
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '')) {
      const sign = token.indexOf('@')
      if (sign <= 0 || sign === token.length - 1) {
        return {
          ok: false,
          message: `"${token}" is not a fault at a step. Fix: write fault@step, e.g. rate_limit@0 or rate_limit@google/gemini-2.5-flash.`,
        }
      }
      const steps = expandSteps(token.slice(sign + 1))
      if (typeof steps === 'string') return { ok: false, message: `"${token}": ${steps}` }
      for (const step of steps) (at[step] ??= []).push(token.slice(0, sign))
    }
  }
  for (const fault of Object.values(at).flat()) {
    if (!isFaultName(fault)) {
      const guess = didYouMean(fault, FAULT_NAMES)
      return {
        ok: false,
        message: `"${fault}" is not a fault name.${guess ? ` Did you mean "${guess}"?` : ''} Fix: use one of ${FAULT_NAMES.join(', ')}.`,
      }
    }
  }
  const plan: Plan = {
    id: planId(at),
    at: Object.fromEntries(
      Object.entries(at).map(([step, faults]) => [step, faults.length === 1 ? (faults[0] as string) : faults]),
    ),
    // serve answers; it does not judge, so it expects nothing.
    expect: { servedBy: null },
  }
  return { ok: true, plan }
}

/**
 * The step keys a token's step names: `0-2` (optionally `0-2@Provider`) is steps 0, 1 and 2, as in
 * the matrix id `rate_limit@0-2`; anything else is one key (an index, a model id, `model@Provider`).
 * A string is why the range is not one.
 */
function expandSteps(step: string): string[] | string {
  const range = /^(\d+)-(\d+)(@.+)?$/.exec(step)
  if (range === null) return [step]
  const from = Number(range[1])
  const to = Number(range[2])
  const provider = range[3] ?? ''
  if (from > to) return `the range ${from}-${to} runs backwards. Fix: write the lower step first, e.g. ${to}-${from}.`
  // The router takes at most 4 steps (model + 3 models); a longer range is a typo, not a plan.
  if (to - from > 16)
    return `the range ${from}-${to} is longer than any cascade. Fix: name the steps that exist, e.g. 0-1.`
  const keys: string[] = []
  for (let k = from; k <= to; k++) keys.push(`${k}${provider}`)
  return keys
}

/** `rate_limit@0,downtime@1`: the token form, which also names the plan in traces. */
function planId(at: Record<string, string[]>): string {
  return Object.entries(at)
    .flatMap(([step, faults]) => faults.map((fault) => `${fault}@${step}`))
    .join(',')
}
