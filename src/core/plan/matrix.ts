import { FAULTS, getFault, type FaultDefinition } from '../faults.js'
import type { ChatRequest, Plan } from '../types.js'

export interface MatrixInput {
  request: ChatRequest
  steps: readonly string[]
  /** False for a step the router would skip by itself (a natural fault: a missing parameter, a context overflow). */
  canServe: (step: number) => boolean
  /** Fault names or case ids to keep (empty: all). */
  include?: readonly string[]
  /** Fault names or case ids to leave out. */
  exclude?: readonly string[]
  /** False when a step cannot raise a fault at all (moderation on a model that is not moderated). Default: any. */
  canRaise?: (fault: FaultDefinition, step: number) => boolean
  /** Request parameters the router drops before a step answers (the step lacks them): no quirk of theirs is planned there. */
  droppedAt?: (step: number) => readonly string[]
  /** The app's `expect.result` is stricter than the wire schema somewhere (core/answers/app-schema.ts `contractGaps`). */
  contractGap?: boolean
}

/** The fault that fills the steps before a quirk's step and every step of `every_step_fails`. */
const FILLER_FAULT = 'rate_limit'

/**
 * The default matrix (README.md "The default matrix"), in a stable order:
 * 1. `clean`: no fault;
 * 2. for each fault the router falls back on, steps 0..k-1 fail with it (k = 1..n-1);
 * 3. each fault that ends the request, at step 0 (a fault of the account, `no_credits` and `bad_key`,
 *    is met by every request of the case, whatever model it names: core/faults `belongsTo`);
 * 4. `every_step_fails`;
 * 5. each transport fault;
 * 6. each answer quirk at each step (earlier steps rate-limited).
 * A fault one limit shares across steps (`sharedBy`: the free-model quota) is planned once, at every
 * step that shares it. Where the live router and its docs answer the same failure in different wire
 * forms, the failing plans get variant cases pinning the other forms (`every_step_fails~bare-chunk`,
 * `no_credits@0~insufficient-credits`, `every_step_fails~no-retry-after`; see `variantsOf`).
 * A fault whose `needs` the request lacks (a quirk of tool calls in a request without tools) is left out.
 * `include`/`exclude` select by fault name or by case id.
 */
export function generateMatrix(input: MatrixInput): Plan[] {
  const { steps } = input
  const applies = (fault: FaultDefinition) =>
    !fault.naturalOnly &&
    (fault.needs === 'contract-gap' ? input.contractGap === true : requestHas(input.request, fault.needs))
  const expectAfter = (firstFree: number) => expectedServer(input, firstFree)
  // Each plan with the fault it exercises: include/exclude name either the fault or the case id.
  const candidates: Array<{ plan: Plan; fault: string | null }> = [
    {
      plan: { id: 'clean', title: 'no fault injected', at: {}, expect: { servedBy: expectAfter(0) }, layer: 'none' },
      fault: null,
    },
  ]
  const add = (plan: Plan, fault: string) => candidates.push({ plan, fault })

  for (const fault of FAULTS.filter(
    (f) => f.layer === 'router' && f.fallsBack && applies(f) && f.sharedBy === undefined,
  )) {
    for (let k = 1; k < steps.length; k++) {
      // A step that cannot raise the fault (moderation on an unmoderated model) is rate-limited instead;
      // a plan where no step raises it tests nothing about it and is left out.
      const at = failSteps(k, fault.name, (step) => input.canRaise?.(fault, step) ?? true)
      if (!Object.values(at).includes(fault.name)) continue
      add(
        {
          id: `${fault.name}@${k === 1 ? '0' : `0-${k - 1}`}`,
          title: `${fault.description} at ${k === 1 ? 'step 1' : `steps 1-${k}`}`,
          at,
          expect: { servedBy: expectAfter(k) },
          layer: 'router',
        },
        fault.name,
      )
    }
  }
  for (const fault of FAULTS.filter((f) => f.layer === 'router' && f.sharedBy !== undefined && applies(f))) {
    const sharing = steps
      .map((_, step) => step)
      .filter(
        (step) =>
          (fault.onlyOn !== 'free-model' || (steps[step] ?? '').endsWith(':free')) &&
          (input.canRaise?.(fault, step) ?? true),
      )
    if (sharing.length === 0) continue
    const at = Object.fromEntries(sharing.map((step) => [String(step), fault.name]))
    const firstOther = steps.findIndex((_, step) => !sharing.includes(step) && input.canServe(step))
    add(
      {
        id: fault.name,
        title: fault.description,
        at,
        expect: { servedBy: firstOther < 0 ? null : (steps[firstOther] ?? null) },
        layer: 'router',
      },
      fault.name,
    )
  }
  for (const fault of FAULTS.filter((f) => f.layer === 'router' && !f.fallsBack && applies(f))) {
    add(
      {
        // An account's fault keeps its `@0` id (where the plan puts it), but every request meets it.
        id: `${fault.name}@0`,
        title:
          fault.belongsTo === 'account'
            ? `${fault.description}: every request fails, whatever model it names`
            : `${fault.description} at step 1`,
        at: { '0': fault.name },
        expect: { servedBy: null },
        layer: 'router',
      },
      fault.name,
    )
  }
  // `every_step_fails` is its filler fault's too: including or excluding rate_limit steers it.
  add(
    {
      id: 'every_step_fails',
      title: 'every step is rate-limited',
      at: failSteps(steps.length, FILLER_FAULT),
      expect: { servedBy: null },
      layer: 'router',
    },
    FILLER_FAULT,
  )
  for (const fault of FAULTS.filter((f) => f.layer === 'transport' && applies(f))) {
    add(
      {
        id: fault.name,
        title: fault.description,
        at: { '0': fault.name },
        expect: { servedBy: null },
        layer: 'transport',
      },
      fault.name,
    )
  }
  for (const fault of FAULTS.filter((f) => f.layer === 'answer' && applies(f))) {
    for (let k = 0; k < steps.length; k++) {
      if (!input.canServe(k)) continue // the router never reaches a quirk at a step it skips
      // A family's habit is planned only on that family's steps (core/faults `onlyOn`).
      if (fault.onlyOn !== undefined && !(input.canRaise?.(fault, k) ?? false)) continue
      // A quirk of tool calls where the router dropped the tools cannot happen: the model never saw them.
      if (fault.needs && input.droppedAt?.(k).includes(fault.needs)) continue
      add(
        {
          id: `${fault.name}@${k}`,
          title: `${fault.description}, served by step ${k + 1}`,
          at: { ...failSteps(k, FILLER_FAULT), [String(k)]: fault.name },
          expect: { servedBy: steps[k] ?? null },
          layer: 'answer',
        },
        fault.name,
      )
    }
  }
  const withVariants = candidates.flatMap((candidate) => [
    candidate,
    ...variantsOf(candidate.plan, input.request).map((plan) => ({ plan, fault: candidate.fault })),
  ])
  return withVariants.filter(({ plan, fault }) => isSelected(plan.id, fault, input)).map(({ plan }) => plan)
}

/**
 * The wire forms the live router uses beside the documented one (emulator README, "Live and
 * documented forms"): a failing plan gets one variant per form the config default does not give.
 * - a streamed request whose steps all fail before the first token: the default is the live 200 stream
 *   with `choices: []` beside `error`; variants are the bare `data: {"error":…}` line and the docs' HTTP status;
 * - a 429 or 503 the client sees: a variant without `Retry-After` (the docs say it "may" come);
 * - the 402: a variant with the documented "Insufficient credits" wording.
 */
function variantsOf(plan: Plan, request: ChatRequest): Plan[] {
  if (plan.expect.servedBy !== null || plan.layer !== 'router') return []
  const statuses = Object.values(plan.at)
    .flatMap((value) => (typeof value === 'string' ? [value] : value))
    .map((name) => getFault(name)?.status ?? 0)
  const variants: Array<{ suffix: string; title: string; forms: Plan['forms'] }> = []
  if (request.stream === true && statuses.some((status) => status >= 400 && status !== 401)) {
    variants.push({
      suffix: 'bare-chunk',
      title: 'as a bare `data: {"error": …}` line in an HTTP 200 stream',
      forms: { streamErrorBeforeFirstToken: 'bare-chunk' },
    })
    variants.push({
      suffix: 'http-status',
      title: 'as an HTTP error status (the documented form)',
      forms: { streamErrorBeforeFirstToken: 'http-status' },
    })
  }
  if (statuses.some((status) => status === 429 || status === 503)) {
    variants.push({ suffix: 'no-retry-after', title: 'without a Retry-After header', forms: { retryAfter: 'omitted' } })
  }
  if (statuses.includes(402)) {
    variants.push({
      suffix: 'insufficient-credits',
      title: 'with the documented "Insufficient credits" wording',
      forms: { noCreditsMessage: 'insufficient-credits' },
    })
  }
  return variants.map((v) => ({
    ...plan,
    id: `${plan.id}~${v.suffix}`,
    title: `${plan.title ?? plan.id}, ${v.title}`,
    forms: { ...plan.forms, ...v.forms },
  }))
}

function failSteps(
  count: number,
  fault: string,
  canRaise: (step: number) => boolean = () => true,
): Record<string, string> {
  const at: Record<string, string> = {}
  for (let i = 0; i < count; i++) at[String(i)] = canRaise(i) ? fault : FILLER_FAULT
  return at
}

function expectedServer(input: MatrixInput, firstFree: number): string | null {
  for (let k = firstFree; k < input.steps.length; k++) if (input.canServe(k)) return input.steps[k] ?? null
  return null
}

/**
 * `include`/`exclude` entries are fault names (every case of that fault) or case ids (`refusal@0`,
 * `every_step_fails`). `clean` stays unless excluded by its id: it is the baseline every run needs.
 */
function isSelected(id: string, fault: string | null, input: MatrixInput): boolean {
  const named = (list: readonly string[] | undefined) =>
    list !== undefined && (list.includes(id) || (fault !== null && list.includes(fault)))
  if (named(input.exclude)) return false
  if (fault === null) return true
  return input.include === undefined || input.include.length === 0 || named(input.include)
}

function requestHas(request: ChatRequest, need: Exclude<FaultDefinition['needs'], 'contract-gap'>): boolean {
  switch (need) {
    case undefined:
      return true
    case 'response_format':
      return request.response_format?.type === 'json_schema' || request.response_format?.type === 'json_object'
    case 'tools':
      return (request.tools?.length ?? 0) > 0 && request.tool_choice !== 'none'
    case 'stream':
      return request.stream === true
  }
}
