import type { EmulatorOptions } from '../../schema/config.js'
import { HarnessError } from '../../errors.js'
import { getFault, type FaultDefinition } from '../faults.js'
import { createRandom } from '../random.js'
import type { AnswerSource, AttemptTrace, Plan, RequestTrace, WireAnswer } from '../types.js'
import type { AnswerMessage, Random } from '../answers/types.js'
import { completionBody, usageFor, type Usage } from './completion.js'
import { edgeResponse, faultResponse, MISSING_AUTH } from './fault-responses.js'
import { errorEnvelope, errorReply, type RouterError } from './http.js'
import { modelsListBody } from './models-endpoint.js'
import { createPlanCursor, type PlanCursor } from './plan-cursor.js'
import { route, statusOf, type Ending } from './route.js'
import { streamCompletion, streamError, streamErrorBeforeFirstToken } from './stream.js'
import { connectionReset, isInstant, KEEP_ALIVE, stall, textOf, timedBody, type Beat } from './timeline.js'
import type { DirectEmulator, EmulatorRequest, EmulatorResponse, EmulatorSetup } from './types.js'
import { validateChatRequest } from './validate.js'
import { contextLengthOf, datedSlugOf } from '../catalog/lookup.js'
import { prepareWindowCount } from '../tokens/index.js'
import { resolvePlanKeys } from '../plan/plan-keys.js'
import { knownRequestFacts, parsedBody, rememberRequestFacts } from './request-facts.js'

export type { DirectEmulator, Emulator, EmulatorResponse, EmulatorSetup } from './types.js'
import { DEFAULT_EMULATOR_OPTIONS } from './options.js'
export { DEFAULT_EMULATOR_OPTIONS }

/**
 * The response header on every chat-completions response the emulator gives: `synthesized` or
 * `cassette` (where the served answer came from, as the trace's `answerSource`), `none` for an error
 * or an error inside a 200. The real router never sends it, so a recording made against the emulator
 * (`cascade-harness serve`) can be told from a real one.
 */
export const ANSWER_SOURCE_HEADER = 'x-cascade-answer-source'

/** The answer-source header of a response that serves no answer (an error, or an error inside a 200). */
const NO_ANSWER: Record<string, string> = { [ANSWER_SOURCE_HEADER]: 'none' }

/** 2026-11-01T00:00:00Z: `created` when no clock is injected, so bodies are reproducible. */
const DEFAULT_NOW = 1_793_491_200

/**
 * An OpenRouter-compatible router as one function from a Fetch `Request` to a Fetch `Response`
 * (`handle`; `exchange` is the same without the Fetch classes),
 * driven by a plan, a catalog and cassettes (docs/router-behaviour.md is the specification it follows).
 *
 * Routes: `POST …/chat/completions` and `GET …/models`, on any origin; anything else is a 404.
 * Time and randomness are injected, so a seed gives byte-identical responses and traces.
 *
 * @example
 * ```ts
 * const emulator = createEmulator({ catalog: BUILTIN_CATALOG, seed: 1, plan: { id: 'rl', at: { '0': 'rate_limit' }, expect: { servedBy: null } } })
 * const response = await emulator.handle(new Request('https://openrouter.ai/api/v1/chat/completions', {
 *   method: 'POST', headers: { authorization: 'Bearer sk-test' },
 *   body: JSON.stringify({ models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini'], messages: [{ role: 'user', content: 'Hi' }] }),
 * }))
 * // served by openai/gpt-4.1-mini; emulator.traces[0].attempts shows the 429 at step 0
 * ```
 */
export function createEmulator(setup: EmulatorSetup): DirectEmulator {
  checkPlan(setup.plan)
  // A plan's own forms (a matrix variant such as `every_step_fails~bare-chunk`) win over the setup's options.
  const options: EmulatorOptions = { ...DEFAULT_EMULATOR_OPTIONS, ...setup.options, ...setup.plan.forms }
  // Faults belong to models: index keys become the scenario cascade's model ids before any request.
  const cursor = createPlanCursor(setup.cascade ? resolvePlanKeys(setup.plan, setup.cascade) : setup.plan)
  // Generation ids draw from their own stream, so the number of requests never changes an answer.
  const ids = createRandom(`${setup.seed}:generation-ids`)
  const now = setup.now ?? (() => DEFAULT_NOW)
  const requireAuth = setup.requireAuth ?? true
  const retryAfter = setup.retryAfterSeconds ?? 1
  const traces: RequestTrace[] = []
  const context: ChatContext = { setup, options, cursor, ids, now, requireAuth, retryAfter }

  async function exchange(request: EmulatorRequest): Promise<EmulatorResponse> {
    const index = traces.length
    const path = pathnameOf(request.url)
    if (path.endsWith('/chat/completions') && request.method === 'POST') {
      const { response, trace } = await chat(request, context)
      traces.push(inScenarioSteps({ ...trace, index }, setup.cascade))
      return deliver(response, request, context)
    }
    const isModels = path.endsWith('/models') && request.method === 'GET'
    const response: EmulatorResponse = isModels
      ? { status: 200, headers: { 'content-type': 'application/json' }, body: modelsListBody(setup.catalog) }
      : errorReply({ message: `Not Found: ${request.method} ${path}`, code: 404 })
    traces.push(emptyTrace(index, request, null, response.status))
    return response
  }

  async function handle(request: Request): Promise<Response> {
    const { status, headers, body } = await exchange(request)
    return new Response(body, { status, headers })
  }

  return { handle, exchange, traces }
}

interface ChatContext {
  setup: EmulatorSetup
  options: EmulatorOptions
  cursor: PlanCursor
  ids: Random
  now: () => number
  requireAuth: boolean
  retryAfter: number
}

type Handled = { response: Reply; trace: RequestTrace }

/**
 * What the client gets, before time is applied: a response whose body is beats (timeline.ts), a reset,
 * or nothing at all (a stall without a stream). `waitMs` is the real time the router spent before the
 * response could start (failed attempts that take time, e.g. a `timeout`).
 */
type Reply =
  | { kind: 'response'; status: number; headers: Record<string, string>; beats: Beat[]; sse: boolean; waitMs: number }
  | { kind: 'reset' }
  | { kind: 'silence'; waitMs: number }

function respond(status: number, headers: Record<string, string>, text: string, waitMs = 0): Reply {
  return { kind: 'response', status, headers, beats: [{ kind: 'text', text }], sse: false, waitMs }
}

/**
 * Plays a reply in real time with the setup's clock: a plain body waits `waitMs` before its headers; an
 * event stream sends its headers at once and fills the waits with keep-alive comments, as the router does
 * while it works through the cascade. Every wait ends when the client aborts or the case is over.
 */
async function deliver(reply: Reply, request: EmulatorRequest, context: ChatContext): Promise<EmulatorResponse> {
  if (reply.kind === 'reset') throw connectionReset()
  // The hot path: a body sent whole at once needs no clock and no signal.
  if (reply.kind === 'response' && (reply.sse || reply.waitMs === 0) && isInstant(reply.beats)) {
    return { status: reply.status, headers: reply.headers, body: textOf(reply.beats) }
  }
  const { clock } = context.setup
  const signal = context.setup.signal ? AbortSignal.any([request.signal, context.setup.signal]) : request.signal
  if (reply.kind === 'silence') {
    if (clock !== undefined && reply.waitMs > 0) await clock.sleep(reply.waitMs, signal)
    await stall(null, 0, clock, signal)
    throw connectionReset()
  }
  if (!reply.sse && clock !== undefined && reply.waitMs > 0) {
    await clock.sleep(reply.waitMs, signal)
    if (signal.aborted) throw connectionReset()
  }
  const body = isInstant(reply.beats)
    ? textOf(reply.beats)
    : timedBody(reply.beats, {
        clock,
        signal,
        keepAlive: reply.sse ? KEEP_ALIVE : null,
        keepAliveMs: context.options.timing.keepAliveMs,
        holds: request,
      })
  return { status: reply.status, headers: reply.headers, body }
}

async function chat(request: EmulatorRequest, context: ChatContext): Promise<Handled> {
  const text = await request.text()
  // Parsed once per distinct text and shared (frozen) by the requests that send it (request-facts.ts).
  const json = parsedBody(text)
  const body = json.ok ? json.body : null
  const parsed = json.ok
  const early = (error: RouterError, anonymous = false): Handled => ({
    response: respond(
      error.code,
      { 'content-type': 'application/json', ...NO_ANSWER },
      JSON.stringify(errorEnvelope(error, anonymous)),
    ),
    trace: emptyTrace(0, request, body, error.code),
  })

  // The edge is in front of the router: its 502 or a reset comes first, whatever the key or the body.
  const edge = atTheEdge(request, body, context)
  if (edge !== null) return edge
  // The key is checked for presence only and never stored: traces hold the body, not headers.
  if (context.requireAuth && !/^Bearer\s+\S/i.test(request.headers.get('authorization') ?? ''))
    return early(MISSING_AUTH, true)
  // Unsourced wording: no capture of the router's answer to a body that is not JSON is known.
  if (!parsed) return early({ message: 'Invalid JSON in request body.', code: 400 })
  const validation = validateChatRequest(body, context.setup.catalog, context.options)
  if (!validation.ok) return early(validation.error)
  let facts = knownRequestFacts(context.setup.catalog, text, context.options)
  if (facts === undefined) {
    // The window checks below are sync: a prompt near a window needs the exact tokenizer loaded first.
    await prepareWindowCount(validation.request, validation.models.map(contextLengthOf))
    facts = rememberRequestFacts(context.setup.catalog, text, context.options)
  }

  const { ending, attempts } = route({
    request: validation.request,
    cascade: validation.cascade,
    models: validation.models,
    cursor: context.cursor,
    options: context.options,
    seed: context.setup.seed,
    cassettes: context.setup.cassettes,
    answerHint: context.setup.answerHint?.schema,
    now: context.now,
    inspect: facts.step,
  })
  const stream = validation.request.stream === true
  const rendered = render(ending, stream, context, realWait(attempts, context.options))
  const served = ending.type === 'served' ? ending : undefined
  return {
    response: rendered.response,
    trace: {
      index: 0,
      method: request.method,
      url: request.url,
      body,
      attempts,
      status: statusOf(ending),
      servedBy: served?.modelId ?? null,
      servedStep: served?.step ?? null,
      answerSource: (served?.answer.source ?? 'none') satisfies AnswerSource,
      quirk: served?.quirk ?? null,
      answer: served ? wireAnswerOf(served.answer.answer) : null,
      costUsd: rendered.costUsd,
      latencyMs: totalLatency(attempts),
    },
  }
}

/**
 * A transport fault planned at step 0 (or at the first model's id), met before the router reads the
 * request (README.md "The default matrix": transport faults come before routing), so a request the router would refuse
 * with a 400 still gets the edge's HTML 502 or the reset. It takes one entry of a list, as when routing
 * reached the step; an entry of another layer is left for routing, and a request that the router then
 * refuses consumes nothing. Traced as an attempt at step 0 naming no provider.
 */
function atTheEdge(request: EmulatorRequest, body: unknown, context: ChatContext): Handled | null {
  const modelId = firstModelOf(body)
  const planned = context.cursor.peekStep(0, modelId)
  if (planned === null) return null
  const definition = getFault(planned)
  if (definition === undefined || !happensAtTheEdge(definition)) return null
  context.cursor.atStep(0, modelId)
  const edge = edgeResponse(planned)
  if (edge === undefined) throw new Error(`no edge response defined for transport fault "${planned}"`)
  const outcome = edge.outcome()
  const ending: Ending =
    outcome.kind === 'html' ? { type: 'html', status: outcome.status, html: outcome.html } : { type: 'reset' }
  const status = statusOf(ending)
  const attempts: AttemptTrace[] = [
    { step: 0, model: modelId, provider: null, fault: planned, natural: false, status, latencyMs: edge.latencyMs },
  ]
  return {
    response: render(ending, false, context, 0).response,
    trace: { ...emptyTrace(0, request, body, status), attempts, latencyMs: edge.latencyMs },
  }
}

/** A transport fault outside a 200: an in-band one (an error chunk in a stream) needs a step that serves. */
function happensAtTheEdge(definition: FaultDefinition): boolean {
  return definition.layer === 'transport' && definition.status !== 200
}

/** The first model of the cascade as sent (`model`, else the first of `models`), '' when there is none. */
function firstModelOf(body: unknown): string {
  if (typeof body !== 'object' || body === null) return ''
  const { model, models } = body as { model?: unknown; models?: unknown }
  if (typeof model === 'string') return model
  const first: unknown = Array.isArray(models) ? models[0] : undefined
  return typeof first === 'string' ? first : ''
}

const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }

/** The reply for how the request ended; `waitMs` is the real time the router spent on failed attempts. */
function render(
  ending: Ending,
  stream: boolean,
  context: ChatContext,
  waitMs: number,
): { response: Reply; costUsd: number } {
  const { timing } = context.options
  switch (ending.type) {
    case 'served':
    case 'in-band': {
      const created = context.now()
      const id = generationId(context, created)
      const answer = ending.type === 'served' ? ending.answer.answer : ending.answer
      const usage =
        (ending.type === 'served' ? ending.answer.usage : undefined) ??
        usageFor(ending.modelRequest, answer, ending.model, ending.modelId, ending.provider)
      const input = {
        id,
        created,
        // A dated snapshot in `model` (the family habit `dated_model_slug`); the trace keeps the catalog id as servedBy.
        model:
          (ending.type === 'served'
            ? (ending.answer.bodyModel ??
              (ending.quirk === 'dated_model_slug' ? datedSlugOf(ending.modelId, ending.model) : null))
            : undefined) ?? ending.modelId,
        provider: ending.provider,
        answer,
        usage,
        ...(ending.type === 'in-band' && ending.choiceError ? { choiceError: ending.choiceError } : {}),
      }
      const source: AnswerSource = ending.type === 'served' ? ending.answer.source : 'none'
      const headers = { 'X-Generation-Id': id, [ANSWER_SOURCE_HEADER]: source }
      const cut = ending.type === 'in-band' && ending.cut === true
      const costUsd = cut ? 0 : costOf(usage)
      if (stream) {
        const slow = ending.type === 'served' && ending.quirk === 'slow_first_token' ? timing.slowFirstTokenMs : 0
        const beats = streamCompletion(input, { firstTokenMs: waitMs + slow, chunkGapMs: timing.chunkGapMs, cut })
        return {
          response: {
            kind: 'response',
            status: 200,
            headers: { ...SSE_HEADERS, ...headers },
            beats,
            sse: true,
            waitMs: 0,
          },
          costUsd,
        }
      }
      const json = JSON.stringify(completionBody(input))
      // Without a stream, a cut connection is a body that stops halfway.
      const beats: Beat[] = cut
        ? [{ kind: 'text', text: json.slice(0, Math.floor(json.length / 2)) }, { kind: 'cut' }]
        : [{ kind: 'text', text: json }]
      return {
        response: {
          kind: 'response',
          status: 200,
          headers: { 'content-type': 'application/json', ...headers },
          beats,
          sse: false,
          waitMs,
        },
        costUsd,
      }
    }
    case 'error': {
      if (stream && failsInsideTheStream(ending, context.options)) {
        // Live, a streamed request whose steps all failed before the first token is a 200 whose stream
        // carries the error (vercel/ai#2698, aider#3550, OmniRoute#8210); the docs say an HTTP status.
        const created = context.now()
        const id = generationId(context, created)
        const head = { id, created, model: ending.where?.modelId ?? '', provider: ending.where?.provider ?? '' }
        const form = context.options.streamErrorBeforeFirstToken === 'bare-chunk' ? 'bare-chunk' : 'empty-choices'
        const text = streamErrorBeforeFirstToken(head, errorEnvelope(ending.error, ending.anonymous), form)
        return {
          response: sseReply(waitMs, { kind: 'text', text }, { 'X-Generation-Id': id, ...NO_ANSWER }),
          costUsd: 0,
        }
      }
      if (ending.status === 200 && stream) {
        const created = context.now()
        const id = generationId(context, created)
        const head = { id, created, model: ending.where?.modelId ?? '', provider: ending.where?.provider ?? '' }
        return {
          response: sseReply(
            waitMs,
            { kind: 'text', text: streamError(head, ending.error) },
            { 'X-Generation-Id': id, ...NO_ANSWER },
          ),
          costUsd: 0,
        }
      }
      // Retry-After "may" come with a 429 or 503 (docs/router-behaviour.md §4.5): sent by default so clients that honour
      // it are tested; `retryAfter: 'omitted'` (a matrix variant) tests the clients that assume it.
      const retry =
        (ending.status === 429 || ending.status === 503) &&
        context.retryAfter > 0 &&
        context.options.retryAfter !== 'omitted' &&
        ending.retryAfter !== false
      const headers = {
        'content-type': 'application/json',
        ...ending.headers,
        ...(retry ? { 'Retry-After': String(context.retryAfter) } : {}),
        ...NO_ANSWER,
      }
      const text = JSON.stringify(errorEnvelope(ending.error, ending.anonymous))
      return { response: respond(ending.status, headers, text, waitMs), costUsd: 0 }
    }
    case 'recorded':
      return {
        response: respond(
          ending.status,
          { 'content-type': 'application/json', ...NO_ANSWER },
          JSON.stringify(ending.body),
          waitMs,
        ),
        costUsd: 0,
      }
    case 'html':
      // What a Cloudflare edge sends when the origin fails: not JSON, whatever the client asked for.
      return {
        response: respond(
          ending.status,
          { 'content-type': 'text/html', server: 'cloudflare', ...NO_ANSWER },
          ending.html,
          waitMs,
        ),
        costUsd: 0,
      }
    case 'reset':
      return { response: { kind: 'reset' }, costUsd: 0 }
    case 'stall':
      // A stream opens (headers, then keep-alive comments only); a plain request gets nothing at all.
      if (stream) return { response: sseReply(waitMs, { kind: 'stall' }, NO_ANSWER), costUsd: 0 }
      return { response: { kind: 'silence', waitMs }, costUsd: 0 }
  }
}

/** An event stream that opens at once, waits `waitMs` (keep-alive comments), then ends with `last` (text or a stall). */
function sseReply(waitMs: number, last: Beat, headers: Record<string, string>): Reply {
  const beats: Beat[] = [{ kind: 'text', text: KEEP_ALIVE }]
  if (waitMs > 0) beats.push({ kind: 'wait', ms: waitMs })
  beats.push(last)
  return { kind: 'response', status: 200, headers: { ...SSE_HEADERS, ...headers }, beats, sse: true, waitMs: 0 }
}

/** The real time the router spent on the failed attempts that take time (core/faults `takesTime`). */
function realWait(attempts: readonly AttemptTrace[], options: EmulatorOptions): number {
  let total = 0
  for (const attempt of attempts) {
    if (attempt.fault !== null) total += faultResponse(attempt.fault)?.realMs?.(options) ?? 0
  }
  return total
}

/**
 * Whether a routed error of a streamed request reaches the client inside a 200 stream: every status the
 * router decides after it opened the stream, not a 401 (the key is checked before anything is sent)
 * nor an error that already is a 200.
 */
function failsInsideTheStream(ending: Extract<Ending, { type: 'error' }>, options: EmulatorOptions): boolean {
  return options.streamErrorBeforeFirstToken !== 'http-status' && ending.status !== 200 && ending.status !== 401
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** `gen-<unix>-<20 chars>`, the live form (docs/router-behaviour.md §3), drawn from the seeded stream. */
function generationId(context: ChatContext, created: number): string {
  let suffix = ''
  for (let i = 0; i < 20; i++) suffix += ID_ALPHABET[Math.floor(context.ids() * ID_ALPHABET.length)]
  return `gen-${created}-${suffix}`
}

function costOf(usage: Usage | Record<string, unknown>): number {
  return typeof usage.cost === 'number' ? usage.cost : 0
}

function totalLatency(attempts: readonly AttemptTrace[]): number {
  let total = 0
  for (const attempt of attempts) total += attempt.latencyMs
  return total
}

function wireAnswerOf(answer: AnswerMessage): WireAnswer {
  return {
    content: answer.content,
    refusal: answer.refusal,
    ...(answer.tool_calls ? { tool_calls: answer.tool_calls } : {}),
    finish_reason: answer.finish_reason,
  }
}

/**
 * A trace whose steps count in the scenario's cascade rather than in the request: a client-side
 * cascade sends each model alone, at position 0 of its own request, yet it is step 2 of the app's
 * cascade. A model outside the cascade keeps its position in the request.
 */
function inScenarioSteps(trace: RequestTrace, cascade: readonly string[] | undefined): RequestTrace {
  if (cascade === undefined || trace.attempts.length === 0) return trace
  const stepOf = (model: string, position: number) => {
    const index = cascade.indexOf(model)
    return index >= 0 ? index : position
  }
  const attempts = trace.attempts.map((a) => ({ ...a, step: stepOf(a.model, a.step) }))
  const servedStep =
    trace.servedBy !== null && trace.servedStep !== null ? stepOf(trace.servedBy, trace.servedStep) : trace.servedStep
  return { ...trace, attempts, servedStep }
}

function emptyTrace(index: number, request: EmulatorRequest, body: unknown, status: number): RequestTrace {
  return {
    index,
    method: request.method,
    url: request.url,
    body,
    attempts: [],
    status,
    servedBy: null,
    servedStep: null,
    answerSource: 'none',
    quirk: null,
    costUsd: 0,
    latencyMs: 0,
  }
}

/** The path of a request URL without a trailing slash; cheaper than `new URL` on the hot path. */
function pathnameOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2)
  if (start < 0) return '/'
  let end = url.length
  const query = url.indexOf('?', start)
  if (query >= 0) end = query
  const hash = url.indexOf('#', start)
  if (hash >= 0 && hash < end) end = hash
  let path = url.slice(start, end)
  while (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1)
  return path
}

/** A plan naming a fault that does not exist is a bug in whoever built it: say so before any request. */
function checkPlan(plan: Plan): void {
  for (const [key, value] of Object.entries(plan.at)) {
    for (const name of typeof value === 'string' ? [value] : value) {
      if (getFault(name) === undefined) {
        throw new HarnessError(
          'E_PLAN_FAULT',
          `Plan "${plan.id}" puts an unknown fault "${name}" at "${key}".`,
          'input',
        )
      }
    }
  }
}
