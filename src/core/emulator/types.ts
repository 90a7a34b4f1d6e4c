import type { Catalog, ChatRequest, Plan, RequestTrace } from '../types.js'
import type { EmulatorOptions } from '../../schema/config.js'

/** A recorded real answer for one (canonical request, model) pair, as the emulator replays it. */
export interface RecordedAnswer {
  status: number
  /** The response body the router returned (JSON). */
  body: unknown
  latencyMs: number
}

/** Looks up a cassette for the request a step would receive. Pure: the store is loaded beforehand. */
export interface CassetteLookup {
  find(model: string, stepRequest: ChatRequest): RecordedAnswer | undefined
}

export interface EmulatorSetup {
  catalog: Catalog
  /** Faults per step; `{ id: 'none', at: {}, ... }` for a clean run. */
  plan: Plan
  /** Seeds answer synthesis: the same seed gives byte-identical answers. */
  seed: number
  options: EmulatorOptions
  cassettes?: CassetteLookup
  /** Unix seconds for `created`, injected so the core reads no clock. */
  now?: () => number
}

export interface Emulator {
  /** Answers one HTTP request the way OpenRouter would (a connection reset rejects with a TypeError, like fetch). */
  handle(request: Request): Promise<Response>
  /** One trace per request handled, in order. */
  readonly traces: readonly RequestTrace[]
}
