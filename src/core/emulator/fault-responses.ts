import type { EmulatorOptions } from '../../schema/config.js'
import type { AnswerMessage } from '../answers/types.js'
import { familyOf } from '../catalog/families.js'
import { contextLengthOf } from '../catalog/lookup.js'
import type { AnswerQuirkName, FaultName } from '../faults.js'
import type { CatalogModel, ChatMessage, ChatRequest } from '../types.js'
import { availabilityObject, type AvailabilityKind } from './availability.js'
import type { RouterError } from './http.js'
import type { NaturalFault } from './natural-faults.js'
import { injectedSchemaRejection, providerSchemaError } from './schema-rejections.js'
import { estimatePrompt } from '../tokens/index.js'
import { routerPrompt } from './tokens.js'

/**
 * What the client receives for each router and transport fault, as data: one entry per fault, with
 * the exact wire strings of docs/router-behaviour.md §4.2-4.6. Whether a fault falls back, ends the request or
 * is a transport failure is read from core/faults.ts; this file only says what it looks like. Answer
 * quirks are not here: they change a served answer (core/answers/quirks.ts).
 */

export interface FaultContext {
  request: ChatRequest
  /** The step's model id as the request names it. */
  modelId: string
  model: CatalogModel
  /** Display name of the provider the attempt went to (for a step-level fault: the one it would have gone to). */
  provider: string
  options: EmulatorOptions
  /** The cascade as sent, for `availability.requested_models`. */
  cascade: readonly string[]
  /** Set when the router found the fault by itself (natural-faults.ts). */
  natural: NaturalFault | undefined
  /** The answer the step would have served; lazy, so only faults that show partial output pay for it. */
  answer(): AnswerMessage
  /** Unix seconds, the emulator's injected clock (for `X-RateLimit-Reset`). */
  now(): number
}

export type FaultOutcome =
  /**
   * A JSON error envelope; `status` defaults to `error.code` (it is 200 for an error inside a 200).
   * `errorType` is the 2026 docs' code for `previous_errors`, kept off the body where live bodies lack
   * `metadata.error_type`; `headers` are extra response headers; `retryAfter: false` never sends one.
   */
  | {
      kind: 'error'
      error: RouterError
      status?: number
      anonymous?: boolean
      errorType?: string
      headers?: Record<string, string>
      retryAfter?: false
    }
  /** A completion-shaped 200 whose choice ends in `finish_reason: "error"`, or (`cut`) a stream whose connection drops midway. */
  | { kind: 'completion'; answer: AnswerMessage; choiceError?: RouterError; cut?: boolean }
  /** The provider never answers: the request hangs until the client gives up. */
  | { kind: 'stall' }
  | { kind: 'html'; status: number; html: string }
  /** The connection drops: `handle` rejects like fetch does. */
  | { kind: 'reset' }

export interface FaultResponse {
  /** Virtual time the failed attempt costs before the router moves on. */
  latencyMs: number
  /** True when an upstream provider failed (traces and bodies name it); false for the router's own checks. */
  upstream: boolean
  /** Real time the failed attempt holds the request (config `emulator.timing`); none when absent. */
  realMs?(options: EmulatorOptions): number
  build(context: FaultContext): FaultOutcome
}

const RATE_LIMIT_RAW = (model: string) =>
  `${model} is temporarily rate-limited upstream. Please retry shortly, or add your own key to accumulate your rate limits: https://openrouter.ai/settings/integrations`
/** The live wording since 2026-04 (kilocode#9006, hermes-agent#58451): the router names a tool to disable. */
const TOOL_USE_404 = (tool: string | undefined) =>
  `No endpoints found that support tool use.${tool ? ` Try disabling "${tool}".` : ''} To learn more about provider routing, visit: https://openrouter.ai/docs/guides/routing/provider-selection`
const PARAMETERS_404 = 'No endpoints found that can handle the requested parameters.'
/** The OAS example; live bodies say `/settings/credits` (unlimited-claude-AI#22). */
const NO_CREDITS = 'Insufficient credits. Add more using https://openrouter.ai/settings/credits'
/** The live per-endpoint pre-flight 402 (openclaude#1125), by far the most common live 402. */
const CANNOT_AFFORD = (requested: number, affordable: number) =>
  `This request requires more credits, or fewer max_tokens. You requested up to ${requested} tokens, but can only afford ${affordable}. To increase, visit https://openrouter.ai/settings/credits and upgrade to a paid account`
/** The platform's free-model quota (openclaude#936; aider#3550 has the same message head and headers). */
const FREE_QUOTA = 'Rate limit exceeded: free-models-per-day. Add 10 credits to unlock 1000 free model requests per day'
/** The daily free quota of an account that bought less than 10 credits (D-LIM); the live capture says 50 too. */
const FREE_QUOTA_LIMIT = 50
const NO_AUTH = 'No auth credentials found'
/** What an upstream that broke protocol sent back; a client must not try to parse it as the answer. */
const INVALID_UPSTREAM_RAW =
  '<html><head><title>502 Bad Gateway</title></head><body>upstream connect error or disconnect/reset before headers</body></html>'
const EDGE_502_HTML = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>cloudflare</center>
</body>
</html>
`

/** What the client gets from the edge itself: the request never reached the router. */
export type EdgeOutcome = Extract<FaultOutcome, { kind: 'html' | 'reset' }>

export interface EdgeResponse {
  latencyMs: number
  outcome(): EdgeOutcome
}

/**
 * The transport faults that happen in front of the router: they need no step, model or provider, so `handle` can answer them
 * before validation.
 */
const EDGE_RESPONSES: Partial<Record<FaultName, EdgeResponse>> = {
  edge_502_html: { latencyMs: 100, outcome: () => ({ kind: 'html', status: 502, html: EDGE_502_HTML }) },
  connection_reset: { latencyMs: 50, outcome: () => ({ kind: 'reset' }) },
}

// One entry per router and transport fault of the catalog (core/faults.ts): a new one does not compile without its body.
export const FAULT_RESPONSES: Record<Exclude<FaultName, AnswerQuirkName>, FaultResponse> = {
  rate_limit: {
    latencyMs: 150,
    upstream: true,
    build: (c) =>
      error(c, 429, 'Provider returned error', {
        raw: RATE_LIMIT_RAW(c.modelId),
        provider_name: c.provider,
        is_byok: false,
        error_type: 'rate_limit_exceeded',
      }),
  },
  downtime: {
    latencyMs: 100,
    upstream: true,
    build: (c) =>
      error(
        c,
        503,
        'Service temporarily unavailable',
        { provider_name: c.provider },
        { code: 'temporarily_unavailable', retryable: true },
        'provider_overloaded',
      ),
  },
  context_length: {
    latencyMs: 30,
    upstream: false,
    // Live (eca#380): no `error_type` and no `user_id` on this pre-flight 400.
    build: (c) => ({
      ...error(c, 400, contextMessage(c), { provider_name: null }, undefined, 'context_length_exceeded'),
      anonymous: true,
    }),
  },
  moderation: {
    latencyMs: 300,
    upstream: true,
    build: (c) =>
      error(
        c,
        403,
        `${c.modelId} requires moderation on ${c.provider}. Your input was flagged for "harassment". No credits were charged.`,
        {
          reasons: ['harassment'],
          flagged_input: flaggedInput(c.request.messages),
          provider_name: c.provider,
          model_slug: c.modelId,
        },
      ),
  },
  timeout: {
    latencyMs: 30_000,
    upstream: true,
    realMs: (options) => options.timing.timeoutMs,
    build: (c) =>
      error(c, 504, 'Request timed out. Please try again later.', { provider_name: c.provider }, undefined, 'timeout'),
  },
  invalid_upstream: {
    latencyMs: 2_000,
    upstream: true,
    build: (c) =>
      error(
        c,
        502,
        'Provider returned error',
        { raw: INVALID_UPSTREAM_RAW, provider_name: c.provider },
        undefined,
        'provider_unavailable',
      ),
  },
  free_quota: {
    latencyMs: 40,
    upstream: false,
    build: (c) => {
      const headers = freeQuotaHeaders(c.now())
      // The body echoes the headers in `metadata.headers` (LiteLLM reads them there); no Retry-After: the reset time says when.
      return {
        ...error(c, 429, FREE_QUOTA, { headers, provider_name: null }, undefined, 'rate_limit_exceeded'),
        headers,
        retryAfter: false,
      }
    },
  },
  no_endpoint: {
    latencyMs: 20,
    upstream: false,
    build: (c) => {
      const natural = c.natural?.fault === 'no_endpoint' ? c.natural : undefined
      if (natural?.reason === 'retired')
        return error(c, 404, natural.message, undefined, { code: 'free_variant_ended', retryable: false })
      if (natural?.reason === 'providers') {
        const { message, code, excludedBy } = natural.route
        return error(c, 404, message, undefined, { code, retryable: false, excludedBy })
      }
      // Injected: the tool-use wording when the request has tools, else the parameters wording.
      const parameters = natural?.parameters ?? (hasTools(c.request) ? ['tools'] : [])
      const toolUse = natural === undefined ? parameters.length > 0 : natural.reason === 'tool_use'
      return error(c, 404, toolUse ? TOOL_USE_404(firstToolName(c.request)) : PARAMETERS_404, undefined, {
        code: 'constraint_filtered',
        retryable: false,
        ...(c.request.provider?.require_parameters === true ? { excludedBy: ['require_parameters'] } : {}),
        constraint: {
          field: parameters.join(',') || 'parameters',
          detail: `no endpoint of ${c.modelId} supports ${parameters.join(', ') || 'the requested parameters'}`,
        },
      })
    },
  },
  // The provider's 400 for a schema feature its family rejects, wrapped the way the router wraps provider
  // errors (docs/router-behaviour.md §4.2); `raw` is the provider's own JSON error text (schema-rejections.ts).
  schema_rejected: {
    latencyMs: 250,
    upstream: true,
    build: (c) => {
      const rejected =
        c.natural?.fault === 'schema_rejected' ? c.natural : injectedSchemaRejection(c.modelId, c.request)
      return error(
        c,
        400,
        'Provider returned error',
        { raw: providerSchemaError(rejected), provider_name: c.provider, is_byok: false },
        undefined,
        'invalid_request',
      )
    },
  },
  no_credits: {
    latencyMs: 20,
    upstream: false,
    build: (c) =>
      c.options.noCreditsMessage === 'insufficient-credits'
        ? error(c, 402, NO_CREDITS, { provider_name: null })
        : cannotAfford(c),
  },
  bad_key: {
    latencyMs: 10,
    upstream: false,
    build: () => ({ kind: 'error', error: { message: NO_AUTH, code: 401 }, anonymous: true }),
  },
  error_in_200: {
    latencyMs: 800,
    upstream: true,
    build: (c) => ({
      ...error(
        c,
        502,
        'Provider returned error',
        { raw: INVALID_UPSTREAM_RAW, provider_name: c.provider },
        undefined,
        'provider_unavailable',
      ),
      status: 200,
    }),
  },
  choice_error: { latencyMs: 800, upstream: true, build: (c) => disconnectedMidway(c) },
  stall: { latencyMs: 0, upstream: true, build: () => ({ kind: 'stall' }) },
  // The answer as the step would serve it; the stream writer sends half of it and drops the connection.
  stream_cut: {
    latencyMs: 800,
    upstream: true,
    build: (c) => ({
      kind: 'completion',
      answer: { ...c.answer(), finish_reason: 'error', native_finish_reason: 'error' },
      cut: true,
    }),
  },
  finish_reason_error: {
    latencyMs: 800,
    upstream: true,
    build: (c) => ({
      kind: 'completion',
      answer: {
        content: null,
        refusal: null,
        finish_reason: 'error',
        native_finish_reason: malformedCallReason(c.modelId),
      },
    }),
  },
  edge_502_html: atTheEdge('edge_502_html'),
  connection_reset: atTheEdge('connection_reset'),
  // Without streaming this is the non-streaming form of the same failure (docs/router-behaviour.md §4.6, form 2);
  // the SSE writer turns the choice error into a mid-stream error chunk.
  stream_error: { latencyMs: 800, upstream: true, build: (c) => disconnectedMidway(c) },
}

export function faultResponse(name: string): FaultResponse | undefined {
  return Object.hasOwn(FAULT_RESPONSES, name) ? FAULT_RESPONSES[name as keyof typeof FAULT_RESPONSES] : undefined
}

export function edgeResponse(name: string): EdgeResponse | undefined {
  return EDGE_RESPONSES[name as FaultName]
}

/** The same edge failure met when routing reaches a later step that a plan puts it at. */
function atTheEdge(name: FaultName): FaultResponse {
  const edge = EDGE_RESPONSES[name]
  if (edge === undefined) throw new Error(`no edge response for "${name}"`)
  return { latencyMs: edge.latencyMs, upstream: false, build: () => edge.outcome() }
}

/** The response for a missing `Authorization` header: the same body as the `bad_key` fault. */
export const MISSING_AUTH: RouterError = { message: NO_AUTH, code: 401 }

function error(
  c: FaultContext,
  code: number,
  message: string,
  metadata: Record<string, unknown> | undefined,
  availability?: AvailabilityKind,
  errorType?: string,
): Extract<FaultOutcome, { kind: 'error' }> {
  const routerError: RouterError = metadata === undefined ? { message, code } : { message, code, metadata }
  if (availability !== undefined && c.options.availabilityObject)
    routerError.availability = availabilityObject(availability, c.cascade)
  return errorType === undefined
    ? { kind: 'error', error: routerError }
    : { kind: 'error', error: routerError, errorType }
}

/**
 * The live 402 (openclaude#1125): the router checks each endpoint of the model against the account's
 * balance before calling it, so the answer names the tokens the request reserves and what the balance
 * covers, and `previous_errors` holds the model's earlier endpoints' 402s in the live `{code, message}`
 * shape, each with its own affordable amount (Agora#8).
 */
function cannotAfford(c: FaultContext): FaultOutcome {
  const requested = reservedOutput(c)
  const providers = c.model.providers?.length ?? 1
  const afford = (i: number) => Math.max(1, Math.floor((requested * (85 - 5 * i)) / 100))
  const previous = Array.from({ length: providers - 1 }, (_, i) => ({
    code: 402,
    message: CANNOT_AFFORD(requested, afford(i)),
  }))
  const metadata: Record<string, unknown> =
    previous.length > 0 ? { provider_name: null, previous_errors: previous } : { provider_name: null }
  return error(c, 402, CANNOT_AFFORD(requested, afford(providers - 1)), metadata, undefined, 'insufficient_credits')
}

/** What the request reserves for output: its own cap, else the model's. */
function reservedOutput(c: FaultContext): number {
  const sent = c.request.max_completion_tokens ?? c.request.max_tokens
  if (typeof sent === 'number' && sent > 0) return sent
  return c.model.top_provider.max_completion_tokens ?? c.model.context_length ?? 4096
}

/** The platform limit's headers: the reset is the next UTC midnight, in epoch milliseconds as a string (D-LIM). */
function freeQuotaHeaders(nowSeconds: number): Record<string, string> {
  const day = 86_400
  const reset = (Math.floor(nowSeconds / day) + 1) * day * 1000
  return {
    'X-RateLimit-Limit': String(FREE_QUOTA_LIMIT),
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Reset': String(reset),
  }
}

function firstToolName(request: ChatRequest): string | undefined {
  const first = request.tools?.[0] as { function?: { name?: unknown } } | undefined
  return typeof first?.function?.name === 'string' ? first.function.name : undefined
}

/** Half the answer arrived, then the provider dropped (D-ERR, "Chat Completions" skin). */
function disconnectedMidway(c: FaultContext): FaultOutcome {
  const full = c.answer()
  const content = typeof full.content === 'string' ? full.content.slice(0, Math.ceil(full.content.length / 2)) : null
  return {
    kind: 'completion',
    answer: { content, refusal: null, finish_reason: 'error', native_finish_reason: 'error' },
    choiceError: {
      message: 'Provider disconnected mid-stream',
      code: 502,
      metadata: { error_type: 'provider_unavailable' },
    },
  }
}

/**
 * The pre-flight message (docs/router-behaviour.md §4.3) with the step's window. For an injected fault the
 * prompt fits, so the message reads as if the client reserved the whole window for output, which
 * is the shape of the live captures ("…, 131072 in the output").
 */
function contextMessage(c: FaultContext): string {
  const natural = c.natural?.fault === 'context_length' ? c.natural : undefined
  const window = natural?.contextLength ?? contextLengthOf(c.model) ?? 0
  const prompt = routerPrompt(natural?.prompt ?? estimatePrompt(c.request))
  const output = natural?.output ?? window
  const parts = [`${prompt.text} of text input`]
  if (prompt.tool > 0) parts.push(`${prompt.tool} of tool input`)
  parts.push(`${output} in the output`)
  const tail =
    c.options.contextMessageTail === 'context-compression'
      ? 'or use the context-compression plugin to compress your prompt automatically.'
      : 'or use the "middle-out" transform to compress your prompt automatically.'
  return `This endpoint's maximum context length is ${window} tokens. However, you requested about ${prompt.text + prompt.tool + output} tokens (${parts.join(', ')}). Please reduce the length of either one, ${tail}`
}

/** The last user message, at most 100 characters, cut in the middle with "..." (D-ERR). */
export function flaggedInput(messages: readonly ChatMessage[]): string {
  let text = ''
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]
    if (message?.role !== 'user') continue
    text = textOf(message.content)
    break
  }
  if (text.length <= 100) return text
  const keep = 97
  const head = Math.ceil(keep / 2)
  return `${text.slice(0, head)}...${text.slice(text.length - (keep - head))}`
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  return content
    .map((part) => (part as { text?: unknown } | null)?.text)
    .filter((t): t is string => typeof t === 'string')
    .join(' ')
}

/**
 * The provider's word for a malformed tool call that ends a turn in `finish_reason: "error"` with no
 * error object (docs/router-behaviour.md §4.6, form 3): only Gemini's is known.
 */
function malformedCallReason(modelId: string): string {
  return familyOf(modelId) === 'google' ? 'MALFORMED_FUNCTION_CALL' : 'error'
}

function hasTools(request: ChatRequest): boolean {
  return Array.isArray(request.tools) && request.tools.length > 0
}
