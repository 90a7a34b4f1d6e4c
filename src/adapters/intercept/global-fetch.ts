/**
 * The fetch-level path: a replacement for `globalThis.fetch` that hands the request straight to the
 * case's emulator. No socket, no HTTP parsing, no TLS: the openai SDK (v6) and the AI SDK both call
 * the global fetch, so this is where user-client cases spend their time (see
 * docs/decisions/interception.md for the measurements behind it).
 *
 * It keeps the observable contract of Node's fetch that clients rely on: failures reject with
 * `TypeError: fetch failed` carrying the reason as `cause`, an aborted signal rejects with its reason
 * (before the answer and while the body streams), and `response.url` is the request's URL.
 */
import { decide, type CaseRoute } from './case-route.js'

/** Statuses whose responses carry no body, so a body stream cannot be re-wrapped for them. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304])

function networkError(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause })
}

/** Rejects with the signal's reason when it aborts first, as fetch does while waiting for headers. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error instanceof Error ? error : new Error(String(error)))
      },
    )
  })
}

/**
 * Errors the body stream when the request's signal aborts mid-body, as Node's fetch does: a client
 * that gives up on a stalled stream (a timeout) must see its read fail, not wait forever. Only event
 * streams are wrapped: the emulator builds any other body whole, so it cannot stall, and the wrapper
 * would cost every request a stream and a Response.
 */
function abortableBody(response: Response, request: Request): Response {
  // `request.signal` follows the caller's signal only while the Request lives (undici links them through a
  // WeakRef): the body's closure holds the Request itself, or a collected Request would never abort the body.
  const { signal } = request
  const source = response.body
  if (source === null || NULL_BODY_STATUSES.has(response.status)) return response
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) return response
  const reader = source.getReader()
  let onAbort: () => void = () => {}
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      onAbort = () => {
        controller.error(signal.reason)
        reader.cancel(signal.reason).catch(() => {})
      }
      signal.addEventListener('abort', onAbort, { once: true })
    },
    async pull(controller) {
      const { done, value } = await reader.read()
      if (done) {
        signal.removeEventListener('abort', onAbort)
        controller.close()
      } else {
        controller.enqueue(value)
      }
    },
    cancel(reason) {
      signal.removeEventListener('abort', onAbort)
      void request
      return reader.cancel(reason)
    },
  })
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers })
}

/** Builds the replacement fetch; `currentRoute` reads the case of the calling async context. */
export function createInterceptedFetch(currentRoute: () => CaseRoute | undefined): typeof fetch {
  return async function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    // Invalid input (a relative URL, a GET with a body) throws here, as Node's fetch rejects.
    const request = new Request(input, init)
    const signal = request.signal
    if (signal.aborted) throw signal.reason
    // The route is read synchronously, in the caller's async context: that is the attribution.
    const route = currentRoute()
    let verdict
    try {
      verdict = await untilAborted(decide(route, request), signal)
    } catch (error) {
      if (signal.aborted) throw signal.reason
      throw networkError(error)
    }
    if (verdict.error !== undefined) throw networkError(verdict.error)
    // `Response.error()` from an emulator means a network error, as with msw's `HttpResponse.error()`.
    if (verdict.response.type === 'error') throw networkError(new Error('the emulator answered with Response.error()'))
    const response = abortableBody(verdict.response, request)
    Object.defineProperty(response, 'url', { value: request.url })
    return response
  }
}
