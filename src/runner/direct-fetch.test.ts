import { describe, expect, it } from 'vitest'
import { BUILTIN_CATALOG } from '../core/catalog/builtin.js'
import { createEmulator } from '../core/emulator/index.js'
import type { Plan } from '../core/types.js'
import { referenceClient, type ReferenceFetch } from '../clients/reference.js'
import { directFetch } from './direct-fetch.js'
import { realClock } from '../util/real-clock.js'

const MODELS = ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini']
const MESSAGES = [{ role: 'user' as const, content: 'Extract the invoice total from: ACME Corp, total due 42.50 EUR.' }]

/** With a real clock, a stream's body arrives chunk by chunk (a ReadableStream), as in `run`. */
function emulatorFor(at: Plan['at']) {
  return createEmulator({
    clock: realClock,
    catalog: BUILTIN_CATALOG,
    seed: 3,
    plan: { id: 'test', at, expect: { servedBy: null } },
    now: () => 1_790_000_000,
  })
}

/** The reference client's outcome, through `transport`: the completion, or the error it threw in words. */
async function outcome(transport: ReferenceFetch, stream: boolean): Promise<unknown> {
  const request = { models: MODELS, messages: MESSAGES, ...(stream ? { stream: true } : {}) }
  try {
    return { completion: await referenceClient({ request, fetch: transport, baseUrl: 'https://openrouter.ai/api/v1' }) }
  } catch (error) {
    const { name, message, status, code } = error as Error & { status?: number; code?: unknown }
    return { error: { name, message, status, code } }
  }
}

describe('directFetch', () => {
  // The reference client meets the same router through the plain road as through Fetch's Request and
  // Response: answers, errors, errors inside a 200, streams that break, an edge page and a reset.
  const plans: Array<[string, Plan['at'], boolean]> = [
    ['a served answer', {}, false],
    ['a fallback after a 429', { 0: 'rate_limit' }, false],
    ['every step failing', { 0: 'downtime', 1: 'rate_limit' }, false],
    ['an error inside a 200', { 0: 'error_in_200' }, false],
    ['a streamed answer', {}, true],
    ['a stream that errors after its first token', { 0: 'stream_error' }, true],
    ['a stream cut short', { 0: 'stream_cut' }, true],
    ["the edge's HTML 502", { 0: 'edge_502_html' }, false],
    ['a reset connection', { 0: 'connection_reset' }, false],
  ]
  it.each(plans)('gives the reference client what fetch gives it: %s', async (_, at, stream) => {
    const viaFetch = emulatorFor(at)
    const overFetch = await outcome((url, init) => viaFetch.handle(new Request(url, init)), stream)
    const errors: unknown[] = []
    const direct = emulatorFor(at)
    const overDirect = await outcome(
      directFetch(direct, (error) => errors.push(error)),
      stream,
    )
    expect(overDirect).toEqual(overFetch)
    expect(direct.traces).toEqual(viaFetch.traces)
    // The emulator's own throws reach onError first; a reset it plays is one of them.
    expect(errors.length).toBe(at[0] === 'connection_reset' ? 1 : 0)
  })

  it('rejects with the reason of a signal aborted before the call, as fetch does, and sends nothing', async () => {
    const emulator = emulatorFor({})
    const controller = new AbortController()
    controller.abort(new Error('case over'))
    const call = directFetch(emulator, () => {})('https://openrouter.ai/api/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test' },
      body: '{}',
      signal: controller.signal,
    })
    await expect(call).rejects.toThrow('case over')
    expect(emulator.traces).toEqual([])
  })

  it('reads header names in any case, both ways', async () => {
    const emulator = emulatorFor({})
    const response = await directFetch(emulator, () => {})('https://openrouter.ai/api/v1/chat/completions', {
      method: 'POST',
      headers: { Authorization: 'Bearer sk-test', 'Content-Type': 'application/json' },
      body: JSON.stringify({ models: MODELS, messages: MESSAGES }),
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('application/json')
    expect(response.headers.get('x-generation-id')).toMatch(/^gen-/)
  })
})
