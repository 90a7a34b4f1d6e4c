import type { Catalog, ChatRequest, JsonSchema, Plan, RequestTrace } from '../types.js'
import type { EmulatorOptions } from '../../schema/config.js'
import type { Clock } from './timeline.js'

/** A recorded real answer for one (canonical request, model) pair, as the emulator replays it. */
export interface RecordedAnswer {
  /** True when the recording was answered by an emulator (cascade-harness serve), not a real model. */
  synthetic?: boolean
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
  /**
   * The scenario's cascade (`[model, ...models]` of the request the app means to send). Given, the
   * plan's index keys name its models (`"0"` is `cascade[0]` wherever that model appears in a request)
   * and traces count steps in it, so a client that falls back on its own, one `model` per request, is
   * judged like a router cascade. Without it, an index key names a position in each request.
   */
  cascade?: readonly string[]
  /** Seeds answer synthesis, generation ids and virtual latency: the same seed gives byte-identical responses. */
  seed: number
  /** Version-dependent router behaviour (config `emulator`); missing keys take the config defaults. */
  options?: Partial<EmulatorOptions>
  cassettes?: CassetteLookup
  /** Unix seconds for `created`, injected so the core reads no clock. Default: a fixed 2026-11-01. */
  now?: () => number
  /**
   * Answer 401 "No auth credentials found" to a chat request without an `Authorization: Bearer <any>`
   * header, as the router does. Default true: real clients must send a key, so a client that forgets
   * it should fail here rather than in production. The key's value is never checked nor recorded.
   */
  requireAuth?: boolean
  /**
   * The `Retry-After` seconds sent with a 429 or 503 (docs/router-behaviour.md §4.5). Default 1: SDKs that honour
   * the header (openai, AI SDK) really sleep that long, so a realistic 15-60 s would stall a run.
   * 0 omits the header.
   */
  retryAfterSeconds?: number
  /**
   * A JSON Schema the client's RESULT must meet, typically the scenario's `expect.result` converted with
   * core/answers `jsonSchemaOfStandard`. Synthesized JSON content, json_object content and tool arguments
   * also meet it when a value can meet both it and the request's own schema (each is validated against
   * both); when none can (the client returns something shaped unlike the answer), it is ignored. The
   * request's schema always wins: the hint can narrow an answer, never break the contract. Cassettes
   * are replayed as recorded.
   */
  answerHint?: { schema: JsonSchema }
  /**
   * Real time (timeline.ts): adapters inject one so streams arrive chunk by chunk, a `timeout` takes
   * `emulator.timing.timeoutMs` and a `stall` lasts until the client gives up. Without it the emulator
   * is instant: waits are skipped and a stall lasts until the request's signal or `signal` aborts.
   */
  clock?: Clock
  /** Aborted when the case is over: ends every wait and stall the case's clients left open. */
  signal?: AbortSignal
}

/** What the emulator reads of a request: a Fetch `Request` is one. */
export interface EmulatorRequest {
  readonly method: string
  readonly url: string
  readonly headers: { get(name: string): string | null }
  readonly signal: AbortSignal
  text(): Promise<string>
}

/** A response before it is a Fetch `Response`: the body whole, or a stream when it arrives over time. */
export interface EmulatorResponse {
  status: number
  headers: Record<string, string>
  body: string | ReadableStream<Uint8Array>
}

export interface Emulator {
  /** Answers one HTTP request the way OpenRouter would (a connection reset rejects with a TypeError, like fetch). */
  handle(request: Request): Promise<Response>
  /** One trace per request handled, in order. */
  readonly traces: readonly RequestTrace[]
}

/** What `createEmulator` gives: an `Emulator`, and its `handle` without the Fetch classes. */
export interface DirectEmulator extends Emulator {
  /**
   * For a caller in this process that needs no `Request` or `Response` (the reference client): Node
   * loads those classes on first use, about a fifth of a short run's start-up (docs/performance.md).
   */
  exchange(request: EmulatorRequest): Promise<EmulatorResponse>
}
