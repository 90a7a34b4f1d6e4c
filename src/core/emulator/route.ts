import type { EmulatorOptions } from '../../schema/config.js'
import type { AnswerMessage } from '../answers/types.js'
import { getFault, type FaultDefinition } from '../faults.js'
import type { AttemptTrace, CatalogModel, ChatRequest, JsonSchema } from '../types.js'
import { answerFor, type StepAnswer } from './answer.js'
import { faultResponse, type FaultContext, type FaultOutcome } from './fault-responses.js'
import type { RouterError } from './http.js'
import { inspectStep, type NaturalFault, type StepFacts } from './natural-faults.js'
import type { PlanCursor } from './plan-cursor.js'
import type { CassetteLookup } from './types.js'

/**
 * The router's walk down a cascade (docs/router-behaviour.md §2): first the account's fault (402, 401),
 * which ends the request at its first model; then for each model in order, its natural faults,
 * then the plan's fault for the step, then its providers in order, each with the plan's fault for
 * that provider; the first provider that answers serves. It decides with the fault catalog's
 * properties (layer, fallsBack, status), never with a fault's name.
 */

export interface RouteInput {
  request: ChatRequest
  cascade: readonly string[]
  models: readonly CatalogModel[]
  cursor: PlanCursor
  options: EmulatorOptions
  seed: number
  cassettes: CassetteLookup | undefined
  /** The setup's `answerHint` schema, passed on to synthesis. */
  answerHint?: JsonSchema | undefined
  /** Unix seconds (the emulator's injected clock). */
  now: () => number
  /** A step's natural facts (request-facts.ts keeps them per request text); `inspectStep` by default. */
  inspect?: (model: CatalogModel, modelId: string, request: ChatRequest) => StepFacts
}

/** How the request ended. */
export type Ending =
  | {
      type: 'served'
      step: number
      modelId: string
      model: CatalogModel
      provider: string
      /** What the served model received (dropped parameters removed), for usage. */
      modelRequest: ChatRequest
      answer: Extract<StepAnswer, { kind: 'answer' }>
      quirk: string | null
    }
  /** A 200 whose choice ends in `finish_reason: "error"` (docs/router-behaviour.md §4.6, forms 2 and 3). */
  | ({ type: 'in-band'; answer: AnswerMessage; choiceError?: RouterError; cut?: boolean } & Where)
  /** The provider never answers (the `stall` fault): the client waits until it gives up. */
  | ({ type: 'stall' } & Where)
  /**
   * An error envelope; `where` names the step that failed (absent for none, e.g. validation).
   * `errorType` feeds `previous_errors` when the body has no `metadata.error_type`; `headers` are
   * extra response headers; `retryAfter: false` never sends one.
   */
  | {
      type: 'error'
      status: number
      error: RouterError
      anonymous: boolean
      where?: Where
      errorType?: string
      headers?: Record<string, string>
      retryAfter?: false
    }
  /** A cassette's recorded failure, replayed byte for byte. */
  | { type: 'recorded'; status: number; body: unknown }
  | { type: 'html'; status: number; html: string }
  | { type: 'reset' }

/** The step an ending happened at. */
export interface Where {
  step: number
  modelId: string
  model: CatalogModel
  provider: string
  /** What the model received (the client's body pinned to the step, dropped parameters removed). */
  modelRequest: ChatRequest
}

export interface RouteResult {
  ending: Ending
  attempts: AttemptTrace[]
}

/** One failed attempt, kept for `error.metadata.previous_errors` of the final error (docs/router-behaviour.md §2.1). */
interface Failure {
  ending: Ending
  fault: string | null
  provider: string | null
  model: string
  status: number
  errorType: string
}

export function route(input: RouteInput): RouteResult {
  const { request, cascade, options } = input
  const attempts: AttemptTrace[] = []
  const failures: Failure[] = []

  const fail = (ending: Ending, attempt: AttemptTrace) => {
    attempts.push(attempt)
    failures.push({
      ending,
      fault: attempt.fault,
      provider: attempt.provider,
      model: attempt.model,
      status: attempt.status,
      errorType: errorTypeOf(ending),
    })
  }
  const end = (ending: Ending): RouteResult => ({ ending: withPreviousErrors(ending, failures), attempts })
  // The account is checked before any model: an out-of-credits account or a bad key fails every model.
  const accountFault = input.cursor.atAccount()

  for (let step = 0; step < cascade.length; step++) {
    const modelId = cascade[step] as string
    const model = input.models[step] as CatalogModel
    const facts = input.inspect ? input.inspect(model, modelId, request) : inspectStep(model, modelId, request, options)
    const stepRequest = pin(request, modelId)
    const modelRequest = facts.dropped.length > 0 ? without(stepRequest, facts.dropped) : stepRequest
    const where = (provider: string): Where => ({ step, modelId, model, provider, modelRequest })
    const context = (provider: string, natural?: NaturalFault): FaultContext => ({
      request,
      modelId,
      model,
      provider,
      options,
      cascade,
      natural,
      now: input.now,
      answer: () => {
        const served = answerFor({
          modelId,
          stepRequest,
          modelRequest,
          seed: input.seed,
          cassettes: input.cassettes,
          quirk: null,
          hint: input.answerHint,
        })
        return served.kind === 'answer'
          ? served.answer
          : { content: null, refusal: null, finish_reason: 'error', native_finish_reason: 'error' }
      },
    })

    // 0. The account's fault ends the request at its first model, before the model's own checks.
    if (accountFault !== null) {
      // A step the router would skip by itself has no providers listed: the account's fault names none.
      const provider = facts.providers[0] ?? ''
      const { ending, attempt } = injected(faultDefinition(accountFault), context(provider), where(provider))
      attempts.push(attempt)
      return end(ending)
    }

    // 1. The router's own pre-flight: nothing injected, nothing of the plan consumed.
    // A provider's own refusal (schema_rejected) names the provider the router tried; the router's checks name none.
    if (facts.natural !== null) {
      const natural = facts.natural
      const spec = faultResponse(natural.fault)
      if (spec === undefined) throw new Error(`no response defined for natural fault "${natural.fault}"`)
      const provider = natural.fault === 'schema_rejected' ? natural.provider : ''
      const ending = toEnding(spec.build(context(provider, natural)), where(provider))
      fail(ending, {
        step,
        model: modelId,
        provider: spec.upstream && provider !== '' ? provider : null,
        fault: natural.fault,
        natural: true,
        status: statusOf(ending),
        latencyMs: spec.latencyMs,
      })
      continue
    }

    // 2. A fault for the whole step: stands for every provider of the model failing the same way.
    // A limit shared with an earlier failed step (the free-model quota) fails this one too, consuming nothing.
    const defaultProvider = facts.providers[0] as string
    let quirk: string | null = null
    const shared = sharedLimitHit(failures, modelId)
    const stepFault = shared ?? input.cursor.atStep(step, modelId)
    if (stepFault !== null) {
      const definition = faultDefinition(stepFault)
      if (definition.layer === 'answer') quirk = stepFault
      else {
        const { ending, attempt } = injected(definition, context(defaultProvider), where(defaultProvider))
        if (!definition.fallsBack || ending.type !== 'error') {
          attempts.push(attempt)
          return end(ending)
        }
        fail(ending, attempt)
        continue
      }
    }

    // 3. The model's providers in order; a 429 or 5xx moves on to the next one (docs/router-behaviour.md §2.2).
    for (let p = 0; p < facts.providers.length; p++) {
      const provider = facts.providers[p] as string
      const providerFault = input.cursor.atProvider(step, modelId, provider)
      let attemptQuirk = quirk
      if (providerFault !== null) {
        const definition = faultDefinition(providerFault)
        if (definition.layer === 'answer') attemptQuirk = providerFault
        else {
          const { ending, attempt } = injected(definition, context(provider), where(provider))
          if (!definition.fallsBack || ending.type !== 'error') {
            attempts.push(attempt)
            return end(ending)
          }
          fail(ending, attempt)
          if (movesToNextProvider(attempt.status)) continue
          break
        }
      }

      const served = answerFor({
        modelId,
        stepRequest,
        modelRequest,
        seed: input.seed,
        cassettes: input.cassettes,
        quirk: attemptQuirk,
        hint: input.answerHint,
      })
      if (served.kind === 'recorded-error') {
        const ending: Ending = { type: 'recorded', status: served.status, body: served.body }
        const attempt: AttemptTrace = {
          step,
          model: modelId,
          provider,
          fault: null,
          natural: false,
          status: served.status,
          latencyMs: served.latencyMs,
        }
        // "Any error can trigger a fallback" (D-FB), except the account's own (401, 402) and an in-band 200.
        if (served.status === 200 || served.status === 401 || served.status === 402) {
          attempts.push(attempt)
          return end(ending)
        }
        // A cassette is recorded per model, not per provider: its failure is the model's, once.
        fail(ending, attempt)
        break
      }
      attempts.push({
        step,
        model: modelId,
        provider,
        fault: null,
        natural: false,
        status: 200,
        latencyMs: served.latencyMs,
        ...(facts.dropped.length > 0 ? { dropped: facts.dropped } : {}),
      })
      return end({ type: 'served', step, modelId, model, provider, modelRequest, answer: served, quirk: attemptQuirk })
    }
  }

  // Every step failed: the last error, with the earlier ones in `previous_errors` (docs/router-behaviour.md §2.1).
  const last = failures.pop()
  if (last === undefined) throw new Error('a cascade with no steps reached routing')
  return end(last.ending)
}

function injected(definition: FaultDefinition, context: FaultContext, where: Where) {
  const spec = faultResponse(definition.name)
  if (spec === undefined) throw new Error(`no response defined for fault "${definition.name}"`)
  const ending = toEnding(spec.build(context), where)
  const attempt: AttemptTrace = {
    step: where.step,
    model: where.modelId,
    provider: spec.upstream ? where.provider : null,
    fault: definition.name,
    natural: false,
    status: statusOf(ending),
    latencyMs: spec.latencyMs,
  }
  return { ending, attempt }
}

function toEnding(outcome: FaultOutcome, where: Where): Ending {
  switch (outcome.kind) {
    case 'error':
      return {
        type: 'error',
        status: outcome.status ?? outcome.error.code,
        error: outcome.error,
        anonymous: outcome.anonymous ?? false,
        where,
        ...(outcome.errorType !== undefined ? { errorType: outcome.errorType } : {}),
        ...(outcome.headers !== undefined ? { headers: outcome.headers } : {}),
        ...(outcome.retryAfter === false ? { retryAfter: false as const } : {}),
      }
    case 'completion':
      return {
        type: 'in-band',
        ...where,
        answer: outcome.answer,
        ...(outcome.choiceError ? { choiceError: outcome.choiceError } : {}),
        ...(outcome.cut ? { cut: true } : {}),
      }
    case 'stall':
      return { type: 'stall', ...where }
    case 'html':
      return { type: 'html', status: outcome.status, html: outcome.html }
    case 'reset':
      return { type: 'reset' }
  }
}

/** The status the client sees for an ending; 0 for a reset connection, as the fault catalog says. */
export function statusOf(ending: Ending): number {
  switch (ending.type) {
    case 'served':
    case 'in-band':
      return 200
    case 'reset':
    case 'stall':
      return 0
    default:
      return ending.status
  }
}

/** Inside a model the router retries other providers on rate limits and server errors only (D-OV). */
function movesToNextProvider(status: number): boolean {
  return status === 429 || status >= 500
}

function faultDefinition(name: string): FaultDefinition {
  const definition = getFault(name)
  // createEmulator checks every plan value up front, so this is a bug, not bad input.
  if (definition === undefined) throw new Error(`unknown fault "${name}" reached the router`)
  return definition
}

function errorTypeOf(ending: Ending): string {
  if (ending.type === 'error' && ending.errorType !== undefined) return ending.errorType
  const metadata =
    ending.type === 'error'
      ? ending.error.metadata
      : ending.type === 'recorded'
        ? recordedMetadata(ending.body)
        : undefined
  const type = metadata?.error_type
  return typeof type === 'string' ? type : 'unmapped'
}

function recordedMetadata(body: unknown): Record<string, unknown> | undefined {
  const metadata = (body as { error?: { metadata?: unknown } } | null)?.error?.metadata
  return typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>) : undefined
}

/**
 * The 2026-08 `previous_errors` (`[{provider, code, status}]`, D-ERR): one entry per earlier failed
 * attempt, `code` being its `error_type`. `model` is ours, added because a cascade's failures span
 * models and a reader wants to know whose error each was.
 */
function withPreviousErrors(ending: Ending, failures: readonly Failure[]): Ending {
  if (ending.type !== 'error' || failures.length === 0) return ending
  const previous: unknown[] = failures.map((f) => ({
    provider: f.provider,
    model: f.model,
    code: f.errorType,
    status: f.status,
  }))
  const { message, code, metadata, availability } = ending.error
  // The ending's own earlier attempts (the 402's other endpoints) come after the earlier steps'.
  const own = metadata?.previous_errors
  if (Array.isArray(own)) previous.push(...(own as unknown[]))
  const error: RouterError = { message, code, metadata: { ...metadata, previous_errors: previous } }
  if (availability !== undefined) error.availability = availability
  return { ...ending, error }
}

/** The request a step receives: the client's body with `model` pinned and no `models` list. */
function pin(request: ChatRequest, modelId: string): ChatRequest {
  const { models: _models, ...rest } = request
  void _models
  return { ...rest, model: modelId }
}

function without(request: ChatRequest, keys: readonly string[]): ChatRequest {
  const copy: ChatRequest = { ...request }
  for (const key of keys) delete copy[key]
  return copy
}

/**
 * The fault of a limit an earlier failed step shares with this one (core/faults `sharedBy`): once the
 * account's free-model quota is used up, every later `:free` step meets the same 429.
 */
function sharedLimitHit(failures: readonly Failure[], modelId: string): string | null {
  for (const failure of failures) {
    const name = failure.fault
    if (name === null) continue
    if (getFault(name)?.sharedBy === 'free-models' && isFreeVariant(modelId)) return name
  }
  return null
}

export function isFreeVariant(modelId: string): boolean {
  return modelId.endsWith(':free')
}
