import { modelsListBody } from '../../core/emulator/models-endpoint.js'
import type { Emulator, EmulatorSetup } from '../../core/emulator/types.js'
import type { Catalog } from '../../core/types.js'
import type { EmulatorOptions } from '../../schema/config.js'
import { HarnessError } from '../../errors.js'
import type { PlanSelection } from './plan-selection.js'
import { errorResponse, type ServeHandler } from './serve-emulator.js'

export interface EmulatorHandlerOptions {
  catalog: Catalog
  options?: Partial<EmulatorOptions>
  seed: number
  /** The pure emulator factory (core/emulator `createEmulator`). */
  createEmulator: (setup: EmulatorSetup) => Emulator
  now?: () => number
  /** Sessions kept at once; the oldest is forgotten beyond this (default 1000). */
  maxSessions?: number
}

/**
 * What `serve` answers: `GET /api/v1/models` returns the catalog (so `catalog pull` works against
 * it), everything else goes to an emulator built for the request's plan. Each request gets a fresh
 * emulator (one case) unless it carries a session id: requests of one session and one plan share an
 * emulator, so a plan's list of faults for consecutive attempts spans a client's retries.
 */
export function createEmulatorHandler(setup: EmulatorHandlerOptions): ServeHandler {
  const sessions = new Map<string, Emulator>()
  const maxSessions = setup.maxSessions ?? 1000
  const build = (selection: PlanSelection): Emulator =>
    setup.createEmulator({ catalog: setup.catalog, plan: selection.plan, seed: setup.seed, ...(setup.options ? { options: setup.options } : {}), ...(setup.now ? { now: setup.now } : {}) })

  return async (request, selection) => {
    try {
      return await answer(request, selection)
    } catch (error) {
      // A plan the emulator refuses (HarnessError, input) is the client's to fix: a 400 that says why.
      if (error instanceof HarnessError && error.category === 'input') return errorResponse(400, `cascade-harness serve: ${error.message} See docs/serve.md.`)
      throw error
    }
  }

  async function answer(request: Request, selection: PlanSelection): Promise<Response> {
    const { pathname } = new URL(request.url)
    // Served here, not per plan: the model list is the same whatever faults a client chose, and needs no key.
    if (request.method === 'GET' && /^\/api\/v1\/models\/?$/.test(pathname)) {
      return new Response(modelsListBody(setup.catalog), { headers: { 'content-type': 'application/json' } })
    }
    if (selection.session === null) return build(selection).handle(request)
    const key = `${selection.session}\n${selection.plan.id}`
    let emulator = sessions.get(key)
    if (emulator === undefined) {
      emulator = build(selection)
      sessions.set(key, emulator)
      // Maps iterate in insertion order: the first key is the oldest session.
      if (sessions.size > maxSessions) sessions.delete(sessions.keys().next().value as string)
    }
    return emulator.handle(request)
  }
}
