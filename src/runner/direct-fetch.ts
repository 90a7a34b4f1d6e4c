import type { ReferenceFetch, ReferenceResponse } from '../clients/reference.js'
import type { DirectEmulator, EmulatorResponse } from '../core/emulator/index.js'

/**
 * The reference client's road to the emulator in `run`: `exchange` with plain objects, where `fetch`
 * would make a Fetch `Request` and `Response` per call. Node loads those classes (its undici) on their
 * first use, about 50 ms, a fifth of a one-scenario run's start-up (docs/performance.md), and a run of
 * reference-client scenarios needs them nowhere else. `onError` sees what the emulator throws before
 * the client does, as with the fetch the other clients get.
 */
export function directFetch(emulator: DirectEmulator, onError: (error: unknown) => void): ReferenceFetch {
  return async (url, init) => {
    // As fetch does: a signal aborted already ends the call before any request is made.
    init.signal?.throwIfAborted()
    const headers = lowerCaseKeys(init.headers)
    let response: EmulatorResponse
    try {
      response = await emulator.exchange({
        method: init.method,
        url,
        headers: { get: (name) => headers[name.toLowerCase()] ?? null },
        signal: init.signal ?? new AbortController().signal,
        text: () => Promise.resolve(init.body),
      })
    } catch (error) {
      onError(error)
      throw error
    }
    return plainResponse(response)
  }
}

function plainResponse({ status, headers, body }: EmulatorResponse): ReferenceResponse {
  const lowered = lowerCaseKeys(headers)
  return {
    ok: status >= 200 && status < 300,
    status,
    headers: { get: (name) => lowered[name.toLowerCase()] ?? null },
    // A stream rejects as Response.text() does: with the error the stream ended on (a reset connection).
    text: () => (typeof body === 'string' ? Promise.resolve(body) : textOf(body)),
  }
}

async function textOf(stream: ReadableStream<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder()
  let text = ''
  for await (const chunk of stream) text += decoder.decode(chunk, { stream: true })
  return text + decoder.decode()
}

/** Header names are case-insensitive: kept lower-case, looked up lower-case. */
function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  const lowered: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) lowered[name.toLowerCase()] = value
  return lowered
}
