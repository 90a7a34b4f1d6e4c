import type { ChatRequest } from '../core/types.js'
import type { ChatCompletion } from './chat-completion.js'
import { completionFromStream } from './read-stream.js'
import { RouterError, routerErrorFrom } from './router-error.js'

/** Sent when no key is given: the emulator accepts any key, and a real one never belongs in a test. */
export const PLACEHOLDER_API_KEY = 'sk-or-cascade-harness-placeholder'

/** The part of `fetch` the reference client uses. */
export type ReferenceFetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal?: AbortSignal },
) => Promise<ReferenceResponse>

/** The part of a Fetch `Response` the reference client reads. */
export interface ReferenceResponse {
  readonly ok: boolean
  readonly status: number
  readonly headers: { get(name: string): string | null }
  text(): Promise<string>
}

export interface ReferenceClientOptions {
  /** The scenario's request body, sent exactly as it is. */
  request: ChatRequest
  /** `request` already serialized (the runner keeps one text per scenario): sent instead of serializing it again. */
  requestText?: string
  /** The global `fetch`, or anything that answers the same way (the runner's direct route to the emulator). */
  fetch: ReferenceFetch
  /** The router base URL, e.g. `https://openrouter.ai/api/v1`. */
  baseUrl: string
  signal?: AbortSignal
  /** Bearer token; never logged or put in an error. */
  apiKey?: string
}

/**
 * The built-in `reference` client: what a plain fetch-based `chat()` helper does. It POSTs the
 * scenario's body unchanged to `/chat/completions` and returns the completion body untouched. It
 * throws a RouterError (status, the router's code and message) for every failure the router or the
 * network reports, including the errors that hide inside an HTTP 200. It does not repair answers (no
 * fence stripping, no retries): it is deliberately naive about answer quirks, so the contract checks
 * show exactly what reaches an app that trusts the router.
 *
 * @example
 * const completion = await referenceClient({ request, fetch, baseUrl: 'https://openrouter.ai/api/v1' })
 */
export async function referenceClient(options: ReferenceClientOptions): Promise<ChatCompletion> {
  const { request, signal } = options
  const url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`
  let response: ReferenceResponse
  try {
    response = await options.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.apiKey ?? PLACEHOLDER_API_KEY}` },
      body: options.requestText ?? JSON.stringify(request),
      ...(signal ? { signal } : {}),
    })
  } catch (cause) {
    throw connectionError(cause, signal, 'the connection to the router failed before a response arrived')
  }

  let text: string
  try {
    text = await response.text()
  } catch (cause) {
    throw connectionError(cause, signal, `the connection broke while the HTTP ${response.status} body was arriving`)
  }

  const contentType = response.headers.get('content-type') ?? ''
  if (
    response.ok &&
    (contentType.includes('text/event-stream') || (request.stream === true && /^\s*(data|:)/.test(text)))
  ) {
    return completionFromStream(text, response.status)
  }

  const body = parseJson(text)
  if (!response.ok) {
    if (body === undefined)
      throw new RouterError({
        status: response.status,
        code: null,
        message: notJson(response.status, text, contentType, 'a JSON error'),
      })
    if (!isRecord(body) || body.error === undefined)
      throw new RouterError({
        status: response.status,
        code: null,
        message: `the router answered HTTP ${response.status} without an error object`,
      })
    throw routerErrorFrom(response.status, body.error, `the router answered HTTP ${response.status}`)
  }
  if (!isRecord(body))
    throw new RouterError({
      status: response.status,
      code: null,
      message: notJson(response.status, text, contentType, 'a chat completion'),
    })
  // OpenRouter reports some failures inside an HTTP 200 (docs/router-behaviour.md §4.6): the body, or the choice.
  if (body.error !== undefined && body.error !== null)
    throw routerErrorFrom(response.status, body.error, `the router answered HTTP ${response.status} with an error`)
  const choice = Array.isArray(body.choices) && isRecord(body.choices[0]) ? body.choices[0] : undefined
  if (choice?.finish_reason === 'error') {
    const native = typeof choice.native_finish_reason === 'string' ? ` (${choice.native_finish_reason})` : ''
    throw routerErrorFrom(response.status, choice.error, `the provider stopped with finish_reason "error"${native}`)
  }
  return body as unknown as ChatCompletion
}

function connectionError(cause: unknown, signal: AbortSignal | undefined, message: string): unknown {
  // An abort is the caller's decision (the case deadline): let it through as it is.
  if (signal?.aborted) return signal.reason ?? cause
  const detail = cause instanceof Error && cause.message ? ` (${cause.message})` : ''
  return new RouterError({ status: 0, code: null, message: `${message}${detail}`, cause })
}

function notJson(status: number, text: string, contentType: string, expected: string): string {
  if (contentType.includes('text/html') || /^\s*</.test(text)) {
    return `the router answered HTTP ${status} with an HTML page instead of ${expected} (an edge or proxy failure, not OpenRouter itself)`
  }
  if (text.trim() === '') return `the router answered HTTP ${status} with an empty body instead of ${expected}`
  return `the router answered HTTP ${status} with a body that is not JSON instead of ${expected}`
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
