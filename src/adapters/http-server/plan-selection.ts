import { didYouMean } from '../../core/did-you-mean.js'
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
 * - `none`: every step answers (the default without a plan);
 * - `fault@step[,fault@step...]`: `rate_limit@0`, `rate_limit@0,downtime@1`; a step is an index
 *   (from 0), a model id (`rate_limit@google/gemini-2.5-flash`) or `model@Provider`; naming a step
 *   twice lists consecutive attempts (`rate_limit@0,rate_limit@0`: the first two attempts at step 0);
 * - a JSON object, a plan's `at` as in scenario files: `{"google/gemini-2.5-flash":"rate_limit"}`.
 *
 * `x-cascade-session: <id>` groups requests into one case, so consecutive-attempt lists span a
 * client's retries; without it each request is a case of its own.
 */

export const PLAN_HEADER = 'x-cascade-plan'
export const SESSION_HEADER = 'x-cascade-session'
export const PLAN_PATH_PREFIX = '/plan/'

export interface PlanSelection {
  plan: Plan
  /** Requests with the same session share one emulator; null: this request is its own case. */
  session: string | null
  /** Where the plan came from. */
  source: 'default' | 'header' | 'path'
}

export const NO_FAULTS: Plan = { id: 'none', at: {}, expect: { servedBy: null }, title: 'no fault', layer: 'none' }

export type SelectionResult = { ok: true; selection: PlanSelection; path: string } | { ok: false; message: string }

/**
 * Reads the plan and session of a request. `path` is the URL path with any `/plan/<plan>` prefix
 * removed: what the emulator sees.
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
      return { ok: false, message: `the plan in the path ("${segment}") is not valid URL encoding. Fix: encode it with encodeURIComponent.` }
    }
  }
  if (fromPath !== null && header !== null && fromPath !== header) {
    return { ok: false, message: `the plan is given twice, in the path ("${fromPath}") and in ${PLAN_HEADER} ("${header}"). Fix: keep one of them.` }
  }
  const text = fromPath ?? header
  if (text === null) return { ok: true, selection: { plan: NO_FAULTS, session, source: 'default' }, path: rest }
  const parsed = parsePlan(text)
  if (!parsed.ok) return parsed
  return { ok: true, selection: { plan: parsed.plan, session, source: fromPath !== null ? 'path' : 'header' }, path: rest }
}

/** Parses the `<plan>` text of the scheme above into a plan. */
export function parsePlan(text: string): { ok: true; plan: Plan } | { ok: false; message: string } {
  const trimmed = text.trim()
  if (trimmed === '' || trimmed === 'none') return { ok: true, plan: NO_FAULTS }
  const at: Record<string, string[]> = {}
  if (trimmed.startsWith('{')) {
    let json: unknown
    try {
      json = JSON.parse(trimmed)
    } catch (error) {
      return { ok: false, message: `the plan "${trimmed}" is not valid JSON (${(error as Error).message}). Fix: send an object like {"google/gemini-2.5-flash":"rate_limit"}.` }
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      return { ok: false, message: 'the plan must be a JSON object from step to fault. Fix: send an object like {"0":"rate_limit"}.' }
    }
    for (const [step, value] of Object.entries(json)) {
      const faults = typeof value === 'string' ? [value] : Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : null
      if (faults === null || faults.length === 0) {
        return { ok: false, message: `the plan's step "${step}" must name a fault or a list of faults. Fix: write "${step}":"rate_limit".` }
      }
      at[step] = faults
    }
  } else {
    for (const token of trimmed.split(',').map((t) => t.trim()).filter((t) => t !== '')) {
      const sign = token.indexOf('@')
      if (sign <= 0 || sign === token.length - 1) {
        return { ok: false, message: `"${token}" is not a fault at a step. Fix: write fault@step, e.g. rate_limit@0 or rate_limit@google/gemini-2.5-flash.` }
      }
      const step = token.slice(sign + 1)
      ;(at[step] ??= []).push(token.slice(0, sign))
    }
  }
  for (const fault of Object.values(at).flat()) {
    if (!isFaultName(fault)) {
      const guess = didYouMean(fault, FAULT_NAMES)
      return { ok: false, message: `"${fault}" is not a fault name.${guess ? ` Did you mean "${guess}"?` : ''} Fix: use one of ${FAULT_NAMES.join(', ')}.` }
    }
  }
  const plan: Plan = {
    id: planId(at),
    at: Object.fromEntries(Object.entries(at).map(([step, faults]) => [step, faults.length === 1 ? (faults[0] as string) : faults])),
    // serve answers; it does not judge, so it expects nothing.
    expect: { servedBy: null },
  }
  return { ok: true, plan }
}

/** `rate_limit@0,downtime@1`: the token form, which also names the plan in traces. */
function planId(at: Record<string, string[]>): string {
  return Object.entries(at)
    .flatMap(([step, faults]) => faults.map((fault) => `${fault}@${step}`))
    .join(',')
}
