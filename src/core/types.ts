/**
 * The plain data that flows between the pure core and the edges. Everything here is serializable
 * (plans, traces, outcomes, findings), which is what makes reports, shards and `exec` simple.
 */
import type { z } from 'zod'
import type { CheckId } from './contract/checks.js'
import type { FindingId } from './lint/rule-ids.js'
// The report-shaped data is inferred from the report's zod schemas: one definition for what the core
// produces and what a report holds (schema/report.ts).
import type {
  answerSourceSchema,
  attemptSchema,
  failureSchema,
  findingSchema,
  outcomeSchema,
  severitySchema,
  verdictSchema,
} from '../schema/report.js'
import type { catalogModelSchema } from '../schema/catalog.js'
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

/**
 * One entry of the router's model list (the OpenRouter `GET /api/v1/models` shape, the fields we
 * read, the rest kept): inferred from the catalog file's schema (schema/catalog.ts), one definition.
 */
export type CatalogModel = z.output<typeof catalogModelSchema>

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

export type AttemptTrace = z.infer<typeof attemptSchema>

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

export type AnswerSource = z.infer<typeof answerSourceSchema>

/** The assistant turn a step served, as the client received it. */
export interface WireAnswer {
  content: string | null
  refusal: string | null
  tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>
  finish_reason: string
}

/**
 * Whether the answer one step sent met the request's contract (response_format, tools, tool_choice,
 * an answer that is there and complete): "each fallback step returns a compatible schema",
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

export type Outcome = z.infer<typeof outcomeSchema>
export type Verdict = z.infer<typeof verdictSchema>

/** One failed check: what (a check id), where (a JSON path), and a sentence a reader understands. */
export type CheckFailure = Omit<z.infer<typeof failureSchema>, 'check'> & { check: CheckId }

export type Severity = z.infer<typeof severitySchema>

export type LintFinding = Omit<z.infer<typeof findingSchema>, 'rule'> & { rule: FindingId }
