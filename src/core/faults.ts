import type { FaultLayer } from './types.js'

/**
 * The fault catalog: every fault the harness can put at a step, as data. The matrix, the emulator,
 * lint and reporters read these properties; nothing branches on a fault's name outside this file
 * and the emulator's body builders (core/emulator/fault-responses.ts).
 */
export interface FaultDefinition {
  name: string
  layer: FaultLayer
  /** Router faults only: does OpenRouter move on to the next model after it? (docs/router-behaviour.md §2.1) */
  fallsBack: boolean
  /** HTTP status the client sees when this fault ends the request (200 for in-band errors and quirks). */
  status: number
  /** What a reader sees in a report. */
  description: string
  /**
   * Answer quirks only: which part of the request the quirk needs to make sense; `contract-gap`: an
   * `expect.result` stricter than the wire schema somewhere (core/answers/app-schema.ts).
   */
  needs?: 'response_format' | 'tools' | 'stream' | 'contract-gap'
  /** Only a step with this property can raise the fault (the matrix plans it nowhere else). */
  onlyOn?: 'moderated-model' | 'free-model' | ModelHabitScope
  /**
   * One limit shared by several steps: the matrix plans the fault at all of them at once, and the
   * router, once it met the fault, meets it again at every later step that shares the limit.
   */
  sharedBy?: 'free-models'
  /**
   * The fault concerns the account, not a model (an out-of-credits account, a revoked key): once a plan
   * names it, at any key, every request of the case meets it before routing, whatever model it names,
   * so a client that falls back on its own meets it at every model, as in production. A list entry
   * (`['no_credits']`) is consumed by one request of the account, not one per model.
   */
  belongsTo?: 'account'
  /** Raised by the router from the catalog and the request, never planned by the matrix (a plan may still name it). */
  naturalOnly?: boolean
  /**
   * The fault takes real time (config `emulator.timing`): a case meeting it waits, bounded by the case
   * deadline. `npm run bench` leaves these out: it measures throughput, not waiting.
   */
  takesTime?: boolean
}

/**
 * The steps a model family's answer habit is planned on (emulator README, "How families answer"):
 * reasoning models (`reasoning` in `supported_parameters`), open-weight ones among them, a family by its
 * author, and models whose catalog `canonical_slug` differs from the id (a dated snapshot).
 */
export type ModelHabitScope =
  'reasoning-model' | 'open-weight-reasoning-model' | 'anthropic-model' | 'google-model' | 'dated-slug-model'

// Generic so that each entry keeps its literal name and layer: `FaultName` and the quirk names are unions.
const fault = <const F extends FaultDefinition>(definition: F): F => definition

const CATALOG = [
  // Router faults that push traffic down the cascade (docs/router-behaviour.md §2.1: "any error can trigger a fallback").
  fault({
    name: 'rate_limit',
    layer: 'router',
    fallsBack: true,
    status: 429,
    description: 'the upstream provider rate-limits the request (429 "Provider returned error")',
  }),
  fault({
    name: 'downtime',
    layer: 'router',
    fallsBack: true,
    status: 503,
    description: 'the model has no available provider (503 "Service temporarily unavailable")',
  }),
  fault({
    name: 'context_length',
    layer: 'router',
    fallsBack: true,
    status: 400,
    description: "the prompt overflows the step's context window (400)",
  }),
  fault({
    name: 'moderation',
    layer: 'router',
    fallsBack: true,
    status: 403,
    description: 'the moderated model flags the input (403)',
    onlyOn: 'moderated-model',
  }),
  fault({
    name: 'timeout',
    layer: 'router',
    fallsBack: true,
    status: 504,
    description: 'the upstream provider times out (504, after `emulator.timing.timeoutMs` of real time)',
    takesTime: true,
  }),
  fault({
    name: 'invalid_upstream',
    layer: 'router',
    fallsBack: true,
    status: 502,
    description: 'the upstream provider returns an invalid response (502 "Provider returned error")',
  }),
  fault({
    name: 'no_endpoint',
    layer: 'router',
    fallsBack: true,
    status: 404,
    description: 'no endpoint of the model supports the requested parameters (404)',
  }),
  fault({
    name: 'schema_rejected',
    layer: 'router',
    fallsBack: true,
    status: 400,
    description: 'the step\'s provider rejects a JSON Schema feature of the request (400 "Provider returned error")',
    naturalOnly: true,
  }),
  // The account's daily quota of `:free` requests: one platform limit for every free model (docs/router-behaviour.md §7).
  fault({
    name: 'free_quota',
    layer: 'router',
    fallsBack: true,
    status: 429,
    description:
      'the account\'s free-model quota is used up, so every `:free` step fails at once (429 "Rate limit exceeded: free-models-per-day")',
    onlyOn: 'free-model',
    sharedBy: 'free-models',
  }),
  // Router faults that end the request where they happen.
  fault({
    name: 'stall',
    layer: 'router',
    fallsBack: false,
    // No complete response ever arrives (a stream gets its 200 headers and comments, nothing else).
    status: 0,
    description:
      'the provider never answers: the connection stays open (a stream gets only keep-alive comments) until the client gives up',
    takesTime: true,
  }),
  fault({
    name: 'no_credits',
    layer: 'router',
    fallsBack: false,
    status: 402,
    description: 'the account is out of credits (402)',
    belongsTo: 'account',
  }),
  fault({
    name: 'bad_key',
    layer: 'router',
    fallsBack: false,
    status: 401,
    description: 'the API key is missing or invalid (401)',
    belongsTo: 'account',
  }),
  // The three forms of an error inside an HTTP 200 (docs/router-behaviour.md §4.6).
  fault({
    name: 'error_in_200',
    layer: 'router',
    fallsBack: false,
    status: 200,
    description: 'HTTP 200 whose body is an error object with no choices',
  }),
  fault({
    name: 'choice_error',
    layer: 'router',
    fallsBack: false,
    status: 200,
    description: 'HTTP 200 whose choice has finish_reason "error" and an error object',
  }),
  fault({
    name: 'finish_reason_error',
    layer: 'router',
    fallsBack: false,
    status: 200,
    description: 'HTTP 200 whose choice has finish_reason "error" and no error object',
  }),
  // Transport faults happen before routing.
  fault({
    name: 'edge_502_html',
    layer: 'transport',
    fallsBack: false,
    status: 502,
    description: 'the edge answers 502 with an HTML page',
  }),
  fault({
    name: 'connection_reset',
    layer: 'transport',
    fallsBack: false,
    status: 0,
    description: 'the connection is reset before any response',
  }),
  fault({
    name: 'stream_error',
    layer: 'transport',
    fallsBack: false,
    status: 200,
    description: 'an error chunk arrives inside a 200 stream',
    needs: 'stream',
  }),
  fault({
    name: 'stream_cut',
    layer: 'transport',
    fallsBack: false,
    status: 200,
    description: 'the connection closes after part of the answer streamed: no finish_reason, no [DONE]',
    needs: 'stream',
  }),
  // Answer quirks: HTTP 200, a served answer that deviates from the contract.
  fault({
    name: 'fenced_json',
    layer: 'answer',
    fallsBack: false,
    status: 200,
    description: 'the JSON answer is wrapped in a Markdown code fence',
    needs: 'response_format',
  }),
  fault({
    name: 'extra_key',
    layer: 'answer',
    fallsBack: false,
    status: 200,
    description: 'the JSON answer has a key the schema does not declare',
    needs: 'response_format',
  }),
  fault({
    name: 'missing_required_key',
    layer: 'answer',
    fallsBack: false,
    status: 200,
    description: 'the JSON answer lacks a required key',
    needs: 'response_format',
  }),
  fault({
    name: 'number_as_string',
    layer: 'answer',
    fallsBack: false,
    status: 200,
    description: 'a number in the JSON answer arrives as a string',
    needs: 'response_format',
  }),
  fault({
    name: 'truncated',
    layer: 'answer',
    fallsBack: false,
    status: 200,
    description: 'the answer is cut off with finish_reason "length"',
  }),
  fault({
    name: 'refusal',
    layer: 'answer',
    fallsBack: false,
    status: 200,
    description: 'the model refuses to answer',
  }),
  fault({
    name: 'tool_args_not_json',
    layer: 'answer',
    fallsBack: false,
    status: 200,
    description: 'the tool call arguments are not valid JSON',
    needs: 'tools',
  }),
  fault({
    name: 'unknown_tool',
    layer: 'answer',
    fallsBack: false,
    status: 200,
    description: 'the tool call names a tool the request did not declare',
    needs: 'tools',
  }),
  fault({ name: 'empty_content', layer: 'answer', fallsBack: false, status: 200, description: 'the answer is empty' }),
  // How model families really answer (emulator README, "How families answer"): a 200 whose shape is legal but unlike OpenAI's.
  fault({
    name: 'reasoning_before_content',
    layer: 'answer',
    fallsBack: false,
    status: 200,
    description: 'the answer carries a `reasoning` field, streamed before any content',
    onlyOn: 'reasoning-model',
  }),
  fault({
    name: 'think_block',
    layer: 'answer',
    fallsBack: false,
    status: 200,
    description: 'the content starts with a `<think>…</think>` block',
    onlyOn: 'open-weight-reasoning-model',
  }),
  fault({
    name: 'text_before_tool_call',
    layer: 'answer',
    fallsBack: false,
    status: 200,
    description: 'a tool call comes with text content before it',
    needs: 'tools',
    onlyOn: 'anthropic-model',
  }),
  fault({
    name: 'stop_with_tool_calls',
    layer: 'answer',
    fallsBack: false,
    status: 200,
    description: 'a tool call ends with finish_reason "stop", not "tool_calls"',
    needs: 'tools',
    onlyOn: 'google-model',
  }),
  fault({
    name: 'empty_string_content',
    layer: 'answer',
    fallsBack: false,
    status: 200,
    description: 'a tool call comes with `content: ""` where other families send null',
    needs: 'tools',
    onlyOn: 'google-model',
  }),
  fault({
    name: 'dated_model_slug',
    layer: 'answer',
    fallsBack: false,
    status: 200,
    description: "the response names a dated snapshot in `model` (the catalog's canonical slug), not the requested id",
    onlyOn: 'dated-slug-model',
  }),
  fault({
    name: 'outside_app_schema',
    layer: 'answer',
    fallsBack: false,
    status: 200,
    description: "the answer meets the wire schema but breaks a bound only the app's expect.result keeps",
    needs: 'contract-gap',
  }),
  fault({
    name: 'slow_first_token',
    layer: 'answer',
    fallsBack: false,
    status: 200,
    description:
      'the first token arrives late (`emulator.timing.slowFirstTokenMs`), keep-alive comments filling the wait',
    needs: 'stream',
    takesTime: true,
  }),
] as const satisfies readonly FaultDefinition[]

export const FAULTS: readonly FaultDefinition[] = CATALOG

export type FaultName = (typeof CATALOG)[number]['name']
/** The answer quirks: the faults of layer 'answer'. */
export type AnswerQuirkName = Extract<(typeof CATALOG)[number], { layer: 'answer' }>['name']

const byName = new Map<string, FaultDefinition>(FAULTS.map((f) => [f.name, f]))

export const FAULT_NAMES: readonly string[] = FAULTS.map((f) => f.name)

export function getFault(name: string): FaultDefinition | undefined {
  return byName.get(name)
}

export function isFaultName(name: string): name is FaultName {
  return byName.has(name)
}

/** Whether a plan puts a fault that takes real time (`takesTime`: a stall, a timeout, a slow first token) at any step. */
export function planTakesTime(at: Readonly<Record<string, string | readonly string[]>>): boolean {
  for (const faults of Object.values(at)) {
    for (const name of typeof faults === 'string' ? [faults] : faults) if (getFault(name)?.takesTime) return true
  }
  return false
}
