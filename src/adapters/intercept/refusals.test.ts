/**
 * What a client gets when the harness does not answer with the emulator's response: a network error,
 * never a request on the network. A real server on the loopback address stands in for the network
 * and counts the connections it gets, so a request that escaped interception would show up there.
 */
import OpenAI, { APIConnectionError } from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../core/emulator/types.js'
import { describeUnhandledRequest, startInterception, type Interception, UnhandledRequestError } from './index.js'
import { CHAT_BODY, escapeDetector, namedEmulator, nodeRequest } from './test-support.js'

const BASE_URL = 'https://openrouter.ai/api/v1'
const detector = await escapeDetector()
// Node's own fetch, taken before interception starts, as a client constructed at import time holds it
// (see sdks.test.ts): its requests go through the socket path.
const nodeFetch = globalThis.fetch
const earlyClient = new OpenAI({ baseURL: detector.url, apiKey: 'sk-test', maxRetries: 0, fetch: nodeFetch })

let interception: Interception
beforeAll(() => {
  interception = startInterception()
})
afterAll(async () => {
  interception.stop()
  await detector.close()
  // Checked last too: a refused request must not reach the server even after the test that made it.
  expect(detector.connections()).toBe(0)
})

function resetConnection(): never {
  const cause = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })
  throw new TypeError('fetch failed', { cause })
}
const resettingEmulator: Emulator = { traces: [], handle: async () => resetConnection() }

describe('a request to a URL the router does not own', () => {
  it('is described in one sentence naming the URL', () => {
    expect(describeUnhandledRequest('https://example.com/x')).toMatchInlineSnapshot(
      `"the client called https://example.com/x, which the harness does not emulate; nothing is sent to the network"`,
    )
  })

  it('calls onUnhandled with the URL and fails the global fetch, sending nothing', async () => {
    const unhandled: string[] = []
    const emulator = namedEmulator('unused')
    const error = await interception
      .runInCase({ emulator, onUnhandled: (url) => unhandled.push(url) }, () =>
        fetch(`${detector.url}/v1/chat/completions`, { method: 'POST', body: CHAT_BODY }),
      )
      .catch((e: unknown) => e)
    expect(unhandled).toEqual([`${detector.url}/v1/chat/completions`])
    expect(error).toBeInstanceOf(TypeError)
    expect((error as TypeError).message).toBe('fetch failed')
    expect((error as TypeError).cause).toBeInstanceOf(UnhandledRequestError)
    expect(((error as TypeError).cause as Error).message).toBe(
      describeUnhandledRequest(`${detector.url}/v1/chat/completions`),
    )
    expect(emulator.seen).toEqual([])
    expect(detector.connections()).toBe(0)
  })

  it('calls onUnhandled and fails node:http, sending nothing', async () => {
    const unhandled: string[] = []
    const error = await interception
      .runInCase({ emulator: namedEmulator('unused'), onUnhandled: (url) => unhandled.push(url) }, () =>
        nodeRequest(`${detector.url}/x`, '{}'),
      )
      .catch((e: unknown) => e)
    expect(unhandled).toEqual([`${detector.url}/x`])
    expect(error).toBeInstanceOf(UnhandledRequestError)
    expect(detector.connections()).toBe(0)
  })

  it('calls onUnhandled and fails an openai client holding Node’s own fetch, sending nothing', async () => {
    const unhandled: string[] = []
    const error = await interception
      .runInCase({ emulator: namedEmulator('unused'), onUnhandled: (url) => unhandled.push(url) }, () =>
        earlyClient.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
      )
      .catch((e: unknown) => e)
    expect(unhandled).toEqual([`${detector.url}/chat/completions`])
    expect(error).toBeInstanceOf(APIConnectionError)
    expect(detector.connections()).toBe(0)
  })

  it('refuses a URL that only shares a prefix with a base URL', async () => {
    const unhandled: string[] = []
    await interception
      .runInCase({ emulator: namedEmulator('unused'), onUnhandled: (url) => unhandled.push(url) }, () =>
        fetch('https://openrouter.ai/api/v10/chat/completions'),
      )
      .catch(() => {})
    expect(unhandled).toEqual(['https://openrouter.ai/api/v10/chat/completions'])
  })
})

describe('a request outside any case', () => {
  it('fails the global fetch with a sentence naming the URL, sending nothing', async () => {
    const error = await fetch(`${detector.url}/x`).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TypeError)
    expect(((error as TypeError).cause as Error).message).toBe(
      `the client called ${detector.url}/x outside any harness case, so no emulator answers it; nothing is sent to the network`,
    )
    expect(detector.connections()).toBe(0)
  })

  it('fails node:http and node:https, sending nothing', async () => {
    await expect(nodeRequest(`${detector.url}/x`, '{}')).rejects.toThrow(/outside any harness case/)
    await expect(nodeRequest(`${BASE_URL}/chat/completions`, '{}')).rejects.toThrow(/outside any harness case/)
    expect(detector.connections()).toBe(0)
  })
})

describe('a connection reset from the emulator', () => {
  it('reaches the global fetch as a network error whose cause has code ECONNRESET', async () => {
    const error = await interception
      .runInCase({ emulator: resettingEmulator, onUnhandled: () => {} }, () =>
        fetch(`${BASE_URL}/chat/completions`, { method: 'POST', body: CHAT_BODY }),
      )
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TypeError)
    expect((error as TypeError).message).toBe('fetch failed')
    expect(((error as TypeError).cause as NodeJS.ErrnoException).code).toBe('ECONNRESET')
  })

  it('reaches the openai SDK as a connection error', async () => {
    const client = new OpenAI({ baseURL: BASE_URL, apiKey: 'sk-test', maxRetries: 0 })
    const error = await interception
      .runInCase({ emulator: resettingEmulator, onUnhandled: () => {} }, () =>
        client.chat.completions.create({ model: 'm', messages: [] }),
      )
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(APIConnectionError)
  })

  it('reaches node:https as a socket error with code ECONNRESET', async () => {
    const error = await interception
      .runInCase({ emulator: resettingEmulator, onUnhandled: () => {} }, () =>
        nodeRequest(`${BASE_URL}/chat/completions`, CHAT_BODY),
      )
      .catch((e: unknown) => e)
    expect((error as NodeJS.ErrnoException).code).toBe('ECONNRESET')
  })

  it('reaches Node’s own fetch (socket path) as a network error', async () => {
    const client = new OpenAI({ baseURL: BASE_URL, apiKey: 'sk-test', maxRetries: 0, fetch: nodeFetch })
    const error = await interception
      .runInCase({ emulator: resettingEmulator, onUnhandled: () => {} }, () =>
        client.chat.completions.create({ model: 'm', messages: [] }),
      )
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(APIConnectionError)
  })
})

describe('an emulator that throws something other than a reset', () => {
  it('is reported through onEmulatorError and reaches the client as a network error', async () => {
    const bug = new RangeError('emulator bug')
    const reported: unknown[] = []
    const emulator: Emulator = {
      traces: [],
      handle: async () => {
        throw bug
      },
    }
    const error = await interception
      .runInCase({ emulator, onUnhandled: () => {}, onEmulatorError: (e) => reported.push(e) }, () =>
        fetch(`${BASE_URL}/chat/completions`, { method: 'POST', body: '{}' }),
      )
      .catch((e: unknown) => e)
    expect(reported).toEqual([bug])
    expect((error as TypeError).cause).toBe(bug)
  })
})

describe('aborts', () => {
  it('reject the global fetch with the signal’s reason while the emulator is still answering', async () => {
    const slow: Emulator = { traces: [], handle: () => new Promise<Response>(() => {}) }
    const error = await interception
      .runInCase({ emulator: slow, onUnhandled: () => {} }, () =>
        fetch(`${BASE_URL}/chat/completions`, { signal: AbortSignal.timeout(20) }),
      )
      .catch((e: unknown) => e)
    expect((error as DOMException).name).toBe('TimeoutError')
  })

  it('error a stalled event stream once the signal aborts', async () => {
    const stalled: Emulator = {
      traces: [],
      handle: async () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode(': OPENROUTER PROCESSING\n\n'))
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        ),
    }
    const error = await interception
      .runInCase({ emulator: stalled, onUnhandled: () => {} }, async () => {
        const res = await fetch(`${BASE_URL}/chat/completions`, { signal: AbortSignal.timeout(30) })
        return res.text()
      })
      .catch((e: unknown) => e)
    expect((error as DOMException).name).toBe('TimeoutError')
  })
})
