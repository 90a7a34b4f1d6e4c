import { DEFAULT_EMULATOR_OPTIONS } from '../../core/emulator/index.js'
import { modelsListBody } from '../../core/emulator/models-endpoint.js'
import type { Emulator, EmulatorSetup } from '../../core/emulator/types.js'
import { validateChatRequest } from '../../core/emulator/validate.js'
import { hashString } from '../../core/random.js'
import type { Catalog, ChatRequest, Plan } from '../../core/types.js'
import type { EmulatorOptions } from '../../schema/config.js'
import { HarnessError } from '../../errors.js'
import { realClock } from '../../util/real-clock.js'
import { NO_FAULTS, planStepProblem, resolvePlan, type PlanSelection } from './plan-selection.js'
import { matrixForRequest } from '../../core/plan/request-matrix.js'
import { errorResponse, type ServeHandler } from './serve-emulator.js'

export interface EmulatorHandlerOptions {
  catalog: Catalog
  options?: Partial<EmulatorOptions>
  /** The server's seed (`--seed`): each case draws its own seed from it, in order (`caseSeed`). */
  seed: number
  /** The pure emulator factory (core/emulator `createEmulator`). */
  createEmulator: (setup: EmulatorSetup) => Emulator
  now?: () => number
  /** Sessions kept at once; the oldest is forgotten beyond this (default 1000). */
  maxSessions?: number
}

/**
 * The seed of the `n`-th case (from 1) a server started with `seed` builds. Distinct cases get
 * distinct generation ids and answers, and a server restarted with the same seed repeats the same
 * sequence for the same sequence of requests.
 */
export function caseSeed(seed: number, n: number): number {
  return hashString(`${seed}:serve:${n}`)
}

/**
 * What `serve` answers: `GET /api/v1/models` returns the catalog (so `catalog pull` works against
 * it), everything else goes to an emulator built for the request's plan, which the plan text selects
 * from the fault matrix of the request's own body (plan-selection.ts `resolvePlan`). Each request gets
 * a fresh emulator (one case) unless it carries a session id: requests of one session and one plan
 * share an emulator, so a plan's list of faults for consecutive attempts spans a client's retries.
 * Every new emulator takes the next seed of the server's sequence (`caseSeed`).
 */
export function createEmulatorHandler(setup: EmulatorHandlerOptions): ServeHandler {
  const sessions = new Map<string, Emulator>()
  const maxSessions = setup.maxSessions ?? 1000
  const options: EmulatorOptions = { ...DEFAULT_EMULATOR_OPTIONS, ...setup.options }
  let cases = 0
  const build = (plan: Plan, cascade: readonly string[] | undefined): Emulator =>
    setup.createEmulator({
      catalog: setup.catalog,
      plan,
      // A session's later requests (a client's own fallback, one model each) meet the faults of the models they name.
      ...(cascade ? { cascade } : {}),
      seed: caseSeed(setup.seed, ++cases),
      // Real time: streams arrive chunk by chunk, a timeout takes its time, a stall lasts until the client hangs up.
      clock: realClock,
      ...(setup.options ? { options: setup.options } : {}),
      ...(setup.now ? { now: setup.now } : {}),
    })

  return async (request, selection) => {
    try {
      return await answer(request, selection)
    } catch (error) {
      // A plan the emulator refuses (HarnessError, input) is the client's to fix: a 400 that says why.
      if (error instanceof HarnessError && error.category === 'input')
        return errorResponse(400, `cascade-harness serve: ${error.message} See docs/serve.md.`)
      throw error
    }
  }

  async function answer(request: Request, selection: PlanSelection): Promise<Response> {
    const { pathname } = new URL(request.url)
    // Served here, not per plan: the model list is the same whatever faults a client chose, and needs no key.
    if (request.method === 'GET' && /^\/api\/v1\/models\/?$/.test(pathname)) {
      return new Response(modelsListBody(setup.catalog), { headers: { 'content-type': 'application/json' } })
    }
    const resolved = await planFor(request, selection)
    if (!resolved.ok) return errorResponse(400, `cascade-harness serve: ${resolved.message} See docs/serve.md.`)
    const { plan, steps } = resolved
    if (selection.session === null) return build(plan, steps).handle(request)
    // The same id can stand for different faults for different bodies (every_step_fails on 2 or 3 steps).
    const key = `${selection.session}\n${plan.id}\n${JSON.stringify(plan.at)}`
    let emulator = sessions.get(key)
    if (emulator === undefined) {
      emulator = build(plan, steps)
      sessions.set(key, emulator)
      // Maps iterate in insertion order: the first key is the oldest session.
      if (sessions.size > maxSessions) sessions.delete(sessions.keys().next().value as string)
    }
    return emulator.handle(request)
  }

  /**
   * The plan of this request. Only a chat request the router would route has faults to choose: for
   * anything it refuses first (another path, a body that is not JSON or not valid) the emulator
   * answers that refusal, whatever the plan says. A plan that names a step the request's cascade
   * does not have is refused (`planStepProblem`).
   */
  async function planFor(
    request: Request,
    selection: PlanSelection,
  ): Promise<{ ok: true; plan: Plan; steps?: readonly string[] } | { ok: false; message: string }> {
    if (selection.text === null) return { ok: true, plan: NO_FAULTS }
    const chat = await routedRequest(request)
    if (chat === null) return { ok: true, plan: NO_FAULTS }
    const { steps, plans } = matrixForRequest(chat, setup.catalog, options)
    const resolved = resolvePlan(selection.text, plans)
    if (!resolved.ok) return resolved
    // A plan naming a step this cascade does not have would run as no fault at all: refuse it, as `run` does.
    const problem = planStepProblem(resolved.plan, steps)
    return problem === null ? { ...resolved, steps } : { ok: false, message: problem }
  }

  /** The body of a chat completion the router accepts, or null. Reads a clone: the emulator reads the body again. */
  async function routedRequest(request: Request): Promise<ChatRequest | null> {
    if (request.method !== 'POST' || !new URL(request.url).pathname.endsWith('/chat/completions')) return null
    let body: unknown
    try {
      body = JSON.parse(await request.clone().text())
    } catch {
      return null
    }
    const validation = validateChatRequest(body, setup.catalog, options)
    return validation.ok ? validation.request : null
  }
}
