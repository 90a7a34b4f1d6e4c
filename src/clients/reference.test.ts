import { describe, expect, it } from 'vitest'
import { jsonSchemaRequest, toolRequest } from '../core/answers/__fixtures__/requests.js'
import { referenceClient } from './reference.js'
import { RouterError } from './router-error.js'
import { crashClassOf } from '../core/judge.js'

const BASE_URL = 'https://openrouter.ai/api/v1'

interface Sent {
  url: string
  init: RequestInit | undefined
}

/** A fetch that answers every call with one Response and records what it was sent. */
function fakeFetch(respond: () => Response | Promise<Response>): { fetch: typeof fetch; sent: Sent[] } {
  const sent: Sent[] = []
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    sent.push({ url: String(input), init })
    return respond()
  }) as typeof globalThis.fetch
  return { fetch, sent }
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

const success = {
  id: 'gen-1764000000-abcdefghijklmnopqrst',
  object: 'chat.completion',
  created: 1_764_000_000,
  model: 'openai/gpt-4.1-mini',
  provider: 'OpenAI',
  choices: [
    {
      index: 0,
      finish_reason: 'stop',
      native_finish_reason: 'stop',
      message: { role: 'assistant', content: '```json\n{}\n```', refusal: null },
    },
  ],
  usage: { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25, cost: 0.00001 },
}

async function thrown(promise: Promise<unknown>): Promise<RouterError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(RouterError)
  return error as RouterError
}

describe('referenceClient', () => {
  it('POSTs the scenario body unchanged with a placeholder bearer key and returns the completion untouched', async () => {
    const request = jsonSchemaRequest()
    const { fetch, sent } = fakeFetch(() => json(200, success))
    const completion = await referenceClient({ request, fetch, baseUrl: `${BASE_URL}/` })
    // A fenced answer is returned as is: the reference client repairs nothing.
    expect(completion).toEqual(success)
    expect(sent).toHaveLength(1)
    expect(sent[0]?.url).toBe(`${BASE_URL}/chat/completions`)
    expect(sent[0]?.init?.method).toBe('POST')
    expect(JSON.parse(String(sent[0]?.init?.body))).toEqual(request)
    expect(new Headers(sent[0]?.init?.headers).get('authorization')).toBe('Bearer sk-or-cascade-harness-placeholder')
  })

  it('throws a RouterError with the router\u2019s code, message and provider on a 429', async () => {
    const body = {
      error: {
        message: 'Provider returned error',
        code: 429,
        metadata: {
          raw: 'google/gemini-2.5-flash is temporarily rate-limited upstream.',
          provider_name: 'Google AI Studio',
        },
      },
      user_id: 'user_1',
    }
    const error = await thrown(
      referenceClient({ request: toolRequest(), fetch: fakeFetch(() => json(429, body)).fetch, baseUrl: BASE_URL }),
    )
    expect({
      name: error.name,
      status: error.status,
      code: error.code,
      message: error.message,
      providerName: error.providerName,
    }).toMatchInlineSnapshot(`
      {
        "code": 429,
        "message": "Provider returned error",
        "name": "RouterError",
        "providerName": "Google AI Studio",
        "status": 429,
      }
    `)
    expect(error.metadata?.raw).toBe('google/gemini-2.5-flash is temporarily rate-limited upstream.')
    expect(crashClassOf(error)).toBeUndefined()
  })

  it('surfaces an HTML 502 from the edge as a RouterError sentence, not a SyntaxError', async () => {
    const page = () =>
      new Response('<html><body><h1>502 Bad Gateway</h1></body></html>', {
        status: 502,
        headers: { 'content-type': 'text/html' },
      })
    const error = await thrown(
      referenceClient({ request: toolRequest(), fetch: fakeFetch(page).fetch, baseUrl: BASE_URL }),
    )
    expect([error.status, error.code, error.message]).toMatchInlineSnapshot(`
      [
        502,
        null,
        "the router answered HTTP 502 with an HTML page instead of a JSON error (an edge or proxy failure, not OpenRouter itself)",
      ]
    `)
  })

  it('throws on an error object inside an HTTP 200', async () => {
    const body = {
      error: { code: 502, message: 'Provider returned error', metadata: { provider_name: 'Anthropic' } },
      user_id: 'user_1',
    }
    const error = await thrown(
      referenceClient({ request: toolRequest(), fetch: fakeFetch(() => json(200, body)).fetch, baseUrl: BASE_URL }),
    )
    expect([error.status, error.code, error.message, error.providerName]).toMatchInlineSnapshot(`
      [
        200,
        502,
        "Provider returned error",
        "Anthropic",
      ]
    `)
  })

  it('throws on a choice that finishes with "error", with or without an error object', async () => {
    const withError = {
      ...success,
      choices: [
        {
          ...success.choices[0],
          finish_reason: 'error',
          error: { code: 502, message: 'Provider disconnected mid-stream' },
        },
      ],
    }
    const a = await thrown(
      referenceClient({
        request: toolRequest(),
        fetch: fakeFetch(() => json(200, withError)).fetch,
        baseUrl: BASE_URL,
      }),
    )
    const bare = {
      ...success,
      choices: [{ ...success.choices[0], finish_reason: 'error', native_finish_reason: 'MALFORMED_FUNCTION_CALL' }],
    }
    const b = await thrown(
      referenceClient({ request: toolRequest(), fetch: fakeFetch(() => json(200, bare)).fetch, baseUrl: BASE_URL }),
    )
    expect([a.message, b.message]).toMatchInlineSnapshot(`
      [
        "Provider disconnected mid-stream",
        "the provider stopped with finish_reason "error" (MALFORMED_FUNCTION_CALL)",
      ]
    `)
  })

  it('turns a reset connection into a RouterError with status 0, which counts as surfaced', async () => {
    const reset = fakeFetch(() => Promise.reject(new TypeError('fetch failed')))
    const error = await thrown(referenceClient({ request: toolRequest(), fetch: reset.fetch, baseUrl: BASE_URL }))
    expect([error.status, error.message]).toMatchInlineSnapshot(`
      [
        0,
        "the connection to the router failed before a response arrived (fetch failed)",
      ]
    `)
    expect(crashClassOf(error)).toBeUndefined()
  })

  it('lets an abort from the caller through as it is', async () => {
    const controller = new AbortController()
    const reason = new DOMException('The case deadline of 50 ms passed', 'TimeoutError')
    const hanging = fakeFetch(() => {
      controller.abort(reason)
      return Promise.reject(reason)
    })
    await expect(
      referenceClient({ request: toolRequest(), fetch: hanging.fetch, baseUrl: BASE_URL, signal: controller.signal }),
    ).rejects.toBe(reason)
  })

  describe('with stream: true', () => {
    const sse = (events: string[]) => () =>
      new Response(events.join(''), { status: 200, headers: { 'content-type': 'text/event-stream' } })
    const chunk = (body: unknown) => `data: ${JSON.stringify(body)}\n\n`
    const base = {
      id: 'gen-1',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'openai/gpt-4.1-mini',
      provider: 'OpenAI',
    }

    it('joins content and tool-call deltas into one completion, skipping keep-alive comments', async () => {
      const stream = sse([
        ': OPENROUTER PROCESSING\n\n',
        chunk({
          ...base,
          choices: [
            {
              index: 0,
              delta: {
                role: 'assistant',
                tool_calls: [
                  { index: 0, id: 'call_1', type: 'function', function: { name: 'lookup_customer', arguments: '' } },
                ],
              },
              finish_reason: null,
            },
          ],
        }),
        chunk({
          ...base,
          choices: [
            {
              index: 0,
              delta: { tool_calls: [{ index: 0, function: { arguments: '{"customer_id":' } }] },
              finish_reason: null,
            },
          ],
        }),
        chunk({
          ...base,
          choices: [
            {
              index: 0,
              delta: { tool_calls: [{ index: 0, function: { arguments: '"c-1"}' } }] },
              finish_reason: 'tool_calls',
              native_finish_reason: 'tool_calls',
            },
          ],
        }),
        chunk({ ...base, choices: [], usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7, cost: 0 } }),
        'data: [DONE]\n\n',
      ])
      const completion = await referenceClient({
        request: toolRequest({ stream: true }),
        fetch: fakeFetch(stream).fetch,
        baseUrl: BASE_URL,
      })
      expect(completion.choices[0]).toMatchInlineSnapshot(`
        {
          "finish_reason": "tool_calls",
          "index": 0,
          "message": {
            "content": null,
            "refusal": null,
            "role": "assistant",
            "tool_calls": [
              {
                "function": {
                  "arguments": "{"customer_id":"c-1"}",
                  "name": "lookup_customer",
                },
                "id": "call_1",
                "type": "function",
              },
            ],
          },
          "native_finish_reason": "tool_calls",
        }
      `)
      expect(completion.usage).toEqual({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7, cost: 0 })
    })

    it('throws the error chunk that arrives inside a 200 stream', async () => {
      const stream = sse([
        chunk({ ...base, choices: [{ index: 0, delta: { content: 'The inv' }, finish_reason: null }] }),
        chunk({
          ...base,
          error: { code: 502, message: 'Provider returned error', metadata: { provider_name: 'Together' } },
          choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
        }),
      ])
      const error = await thrown(
        referenceClient({ request: toolRequest({ stream: true }), fetch: fakeFetch(stream).fetch, baseUrl: BASE_URL }),
      )
      expect([error.status, error.code, error.message, error.providerName]).toMatchInlineSnapshot(`
        [
          200,
          502,
          "Provider returned error",
          "Together",
        ]
      `)
    })

    it('throws when the stream ends before the answer finishes', async () => {
      const stream = sse([
        chunk({ ...base, choices: [{ index: 0, delta: { content: 'The inv' }, finish_reason: null }] }),
      ])
      const error = await thrown(
        referenceClient({ request: toolRequest({ stream: true }), fetch: fakeFetch(stream).fetch, baseUrl: BASE_URL }),
      )
      expect(error.message).toMatchInlineSnapshot(`"the stream ended before the answer finished (no finish_reason)"`)
    })
  })
})

describe("the reference client's errors and the crash rule", () => {
  it('counts the four accidental error classes as crashes, whatever their subclass or realm', () => {
    class ParseFailure extends SyntaxError {}
    const foreign = Object.assign(Object.create(null) as object, { name: 'TypeError', message: 'x is undefined' })
    expect(
      [
        new TypeError('x'),
        new SyntaxError('x'),
        new ReferenceError('x'),
        new RangeError('x'),
        new ParseFailure('x'),
        foreign,
      ].map(crashClassOf),
    ).toEqual(['TypeError', 'SyntaxError', 'ReferenceError', 'RangeError', 'SyntaxError', 'TypeError'])
  })

  it('counts a RouterError, an SDK error and an abort as no crash', () => {
    class ApiError extends Error {
      override name = 'APIError'
    }
    expect(
      [
        new RouterError({ status: 429, code: 429, message: 'Provider returned error' }),
        new ApiError('429'),
        new DOMException('aborted', 'AbortError'),
      ].map(crashClassOf),
    ).toEqual([undefined, undefined, undefined])
  })
})
