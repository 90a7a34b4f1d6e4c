/**
 * The plain data that flows between the pure core and the edges. Everything here is serializable
 * (plans, traces, outcomes, findings), which is what makes reports, shards and `exec` simple.
 */
import type { CheckId } from './contract/checks.js'
import type { EmulatorOptions } from '../schema/config.js'

/** An OpenRouter chat-completions request body as the app sends it. Unknown keys pass through. */
export interface ChatRequest {
  model?: string
  models?: string[]
  messages: ChatMessage[]
  tools?: ToolDefinition[]
  tool_choice?: ToolChoice
  response_format?: ResponseFormat
  provider?: ProviderPreferences
  max_tokens?: number
  max_completion_tokens?: number
  stream?: boolean
  [key: string]: unknown
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool' | 'developer'
  content?: unknown
  [key: string]: unknown
}

export interface ToolDefinition {
  type: 'function'
  function: { name: string; description?: string; parameters?: JsonSchema; strict?: boolean }
}

export type ToolChoice = 'none' | 'auto' | 'required' | { type: 'function'; function: { name: string } }

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; json_schema: { name: string; schema?: JsonSchema; strict?: boolean; description?: string } }

export interface ProviderPreferences {
  order?: string[]
  allow_fallbacks?: boolean
  require_parameters?: boolean
  only?: string[]
  ignore?: string[]
  [key: string]: unknown
}

export type JsonSchema = Record<string, unknown> | boolean

/** One entry of the router's model list (the OpenRouter `GET /api/v1/models` shape, the fields we use). */
export interface CatalogModel {
  id: string
  canonical_slug?: string
  name?: string
  context_length: number | null
  pricing: { prompt: string; completion: string; request?: string; [key: string]: unknown }
  top_provider: { context_length?: number | null; max_completion_tokens?: number | null; is_moderated: boolean }
  supported_parameters: string[]
  /** Not in OpenRouter's model list: display names of the providers serving the model (first = default). */
  providers?: string[]
  [key: string]: unknown
}

export interface Catalog {
  /** Where the catalog came from: `built-in`, or the file it was read from. */
  source: string
  /** When it was pulled (ISO date), if known. */
  pulledAt?: string
  models: CatalogModel[]
}

// ---------------------------------------------------------------------------------------------
// Faults and plans

export type FaultLayer = 'router' | 'answer' | 'transport'

/** A plan: which fault happens at which step. Keys are model ids, `model@Provider`, or step indexes ("0"). */
export interface Plan {
  /** Stable id, e.g. `rate_limit@0`, `quirk:fenced_json@1`, `every_step_fails`, or a hand-written name. */
  id: string
  /** Fault names per step key; a list applies to consecutive attempts at that step. */
  at: Record<string, string | string[]>
  /** What the plan expects: the model that should serve (null: nothing can serve). */
  expect: { servedBy: string | null }
  /** Free text for reports: what this plan exercises. */
  title?: string
  /** The fault family this plan exercises, for grouping in reports. */
  layer?: FaultLayer | 'none'
  /**
   * The wire forms this plan pins, over the config's `emulator` options: where the live router and
   * its docs disagree, the matrix plans each form as a variant case (`every_step_fails~bare-chunk`).
   */
  forms?: Partial<EmulatorOptions>
}

// ---------------------------------------------------------------------------------------------
// What the emulator saw and did (one trace per HTTP request it answered)

export interface AttemptTrace {
  /** Index of the model in the request's cascade (`[model, ...models]`). */
  step: number
  model: string
  provider: string | null
  /** The fault applied at this attempt, or null when the step answered. */
  fault: string | null
  /** True when the fault came from the catalog (a missing parameter, a context overflow), not the plan. */
  natural: boolean
  status: number
  /** Latency this attempt added, in virtual milliseconds. */
  latencyMs: number
  /** Parameters the router dropped silently before this step answered (it lacks them, no require_parameters). */
  dropped?: string[]
}

export interface RequestTrace {
  /** 0-based order of this HTTP request within the case. */
  index: number
  method: string
  url: string
  /** The parsed JSON body the client sent (null when it was not JSON). Never contains headers. */
  body: unknown
  attempts: AttemptTrace[]
  /** The final HTTP status the client received. */
  status: number
  servedBy: string | null
  servedStep: number | null
  answerSource: AnswerSource
  /** The answer quirk applied to the served answer, if any. */
  quirk: string | null
  /** The served assistant turn as sent on the wire (null when no step served): the answer contract is checked on it. */
  answer?: WireAnswer | null
  costUsd: number
  latencyMs: number
}

export type AnswerSource = 'cassette' | 'synthesized' | 'none'

/** The assistant turn a step served, as the client received it. */
export interface WireAnswer {
  content: string | null
  refusal: string | null
  tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>
  finish_reason: string
}

/**
 * Whether the answer one step sent met the request's contract (response_format, tools, tool_choice,
 * an answer that is there and complete): design.md's "each fallback step returns a compatible schema",
 * checked on the wire, apart from what the client made of it.
 */
export interface StepAnswerCheck {
  /** 0-based order of the HTTP request within the case. */
  request: number
  /** The served step, counted in the scenario's cascade. */
  step: number
  model: string
  met: boolean
  failures: CheckFailure[]
}

// ---------------------------------------------------------------------------------------------
// Judging

export type Outcome = 'valid' | 'surfaced' | 'crashed' | 'hung' | 'invalid'
export type Verdict = 'pass' | 'fail'

/** One failed check: what, where (a JSON path), and a sentence a reader understands. */
export interface CheckFailure {
  check: CheckId
  path: string
  message: string
}

export type Severity = 'error' | 'warning' | 'info'

export interface LintFinding {
  rule: string
  severity: Severity
  /** Index of the step in the cascade, or null when the finding is about the whole request. */
  step: number | null
  /** JSON path into the scenario, e.g. `request.models[3]`. */
  path: string
  message: string
  fix: string
}
