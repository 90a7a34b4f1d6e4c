import { describe, expect, it } from 'vitest'
import { emulator, GEMINI_FLASH, GPT_41_MINI, HELLO, send, SONNET } from './test-support.js'

const CASCADE = { models: [GEMINI_FLASH, GPT_41_MINI], messages: HELLO }

describe('errors inside an HTTP 200', () => {
  it('answers 200 with a top-level error and no choices, and does not fall back', async () => {
    const target = emulator({ '0': 'error_in_200' })
    const answered = await send(target, CASCADE)
    expect(answered.status).toBe(200)
    expect(answered.body).not.toHaveProperty('choices')
    expect(answered.body.error).toMatchObject({
      message: 'Provider returned error',
      code: 502,
      metadata: { provider_name: 'Google Vertex' },
    })
    expect(answered.body.user_id).toBe('user_emulator')
    expect(target.traces[0]).toMatchObject({ status: 200, servedBy: null, answerSource: 'none' })
    expect(target.traces[0]?.attempts.map((a) => [a.step, a.fault, a.status])).toEqual([[0, 'error_in_200', 200]])
  })

  it('answers 200 with partial content and a choice-level error object', async () => {
    const answered = await send(emulator({ '0': 'choice_error' }), CASCADE)
    expect(answered.status).toBe(200)
    const choice = answered.body.choices[0]
    expect(choice.finish_reason).toBe('error')
    expect(choice.error).toEqual({
      message: 'Provider disconnected mid-stream',
      code: 502,
      metadata: { error_type: 'provider_unavailable' },
    })
    expect(typeof choice.message.content).toBe('string')
    expect(answered.body.model).toBe(GEMINI_FLASH)
  })

  it('answers 200 with finish_reason "error" and only a native reason on Gemini', async () => {
    const answered = await send(emulator({ '0': 'finish_reason_error' }), CASCADE)
    const choice = answered.body.choices[0]
    expect(answered.status).toBe(200)
    expect(choice).toMatchObject({
      finish_reason: 'error',
      native_finish_reason: 'MALFORMED_FUNCTION_CALL',
      message: { content: null },
    })
    expect(choice).not.toHaveProperty('error')
    // No output, an error finish: not billed (zero completion insurance).
    expect(answered.body.usage.cost).toBe(0)
  })

  it('uses the generic native reason for a non-Gemini model', async () => {
    const answered = await send(emulator({ '0': 'finish_reason_error' }), { model: SONNET, messages: HELLO })
    expect(answered.body.choices[0].native_finish_reason).toBe('error')
  })
})

describe('transport faults', () => {
  it('answers an edge 502 with an HTML page before routing', async () => {
    const target = emulator({ '0': 'edge_502_html' })
    const answered = await send(target, CASCADE)
    expect(answered.status).toBe(502)
    expect(answered.headers.get('content-type')).toBe('text/html')
    expect(answered.text).toContain('<title>502 Bad Gateway</title>')
    expect(answered.body).toBeUndefined()
    expect(target.traces[0]).toMatchObject({ status: 502, servedBy: null })
  })

  it('rejects like fetch on a reset connection and still traces the request', async () => {
    const target = emulator({ '0': 'connection_reset' })
    const failure = await send(target, CASCADE).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(TypeError)
    expect((failure as TypeError).message).toBe('fetch failed')
    expect((failure as TypeError & { cause: { code: string } }).cause.code).toBe('ECONNRESET')
    expect(target.traces[0]).toMatchObject({ status: 0, servedBy: null })
    expect(target.traces[0]?.attempts.map((a) => a.fault)).toEqual(['connection_reset'])
  })

  it('answers the edge 502 before validation, even to a request the router would refuse with a 400', async () => {
    const tooMany = { models: [GEMINI_FLASH, GPT_41_MINI, SONNET, 'openai/gpt-4o-mini'], messages: HELLO }
    expect((await send(emulator(), tooMany)).status).toBe(400)

    const target = emulator({ '0': 'edge_502_html' })
    const answered = await send(target, tooMany)
    expect(answered.status).toBe(502)
    expect(answered.headers.get('content-type')).toBe('text/html')
    expect(answered.text).toContain('<hr><center>cloudflare</center>')
    expect(target.traces[0]).toMatchObject({ status: 502, servedBy: null, latencyMs: 100 })
    expect(target.traces[0]?.attempts).toEqual([
      {
        step: 0,
        model: GEMINI_FLASH,
        provider: null,
        fault: 'edge_502_html',
        natural: false,
        status: 502,
        latencyMs: 100,
      },
    ])
  })

  it('answers the edge 502 before the key is checked and before the body is read as JSON', async () => {
    const target = emulator({ '0': 'edge_502_html' })
    expect((await send(target, CASCADE, {})).status).toBe(502)
    expect((await send(target, '{not json')).status).toBe(502)
    expect(target.traces[1]?.attempts.map((a) => [a.step, a.model, a.fault])).toEqual([[0, '', 'edge_502_html']])
  })

  it('resets the connection before validation, even for a request the router would refuse with a 400', async () => {
    const target = emulator({ [GEMINI_FLASH]: 'connection_reset' })
    const failure = await send(target, {
      models: [GEMINI_FLASH, GPT_41_MINI, SONNET, 'openai/gpt-4o-mini'],
      messages: HELLO,
    }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(TypeError)
    expect((failure as TypeError & { cause: { code: string } }).cause.code).toBe('ECONNRESET')
    expect(target.traces[0]).toMatchObject({ status: 0, servedBy: null })
    expect(target.traces[0]?.attempts.map((a) => [a.step, a.model, a.provider, a.fault, a.status])).toEqual([
      [0, GEMINI_FLASH, null, 'connection_reset', 0],
    ])
  })

  it('takes one entry of a list per request at the edge, and leaves router faults of the list to routing', async () => {
    const target = emulator({ '0': ['rate_limit', 'connection_reset', 'edge_502_html'] })
    const invalid = { models: [GEMINI_FLASH, GPT_41_MINI, SONNET, 'openai/gpt-4o-mini'], messages: HELLO }
    // A refused request never reaches step 0: the rate limit waits for the next valid one.
    expect((await send(target, invalid)).status).toBe(400)
    const limited = await send(target, CASCADE)
    expect(limited.body.model).toBe(GPT_41_MINI)
    expect(target.traces[1]?.attempts.map((a) => a.fault)).toEqual(['rate_limit', null])
    // The edge entries come first whatever the body, one request each.
    expect(await send(target, invalid).catch((error: unknown) => error)).toBeInstanceOf(TypeError)
    expect((await send(target, invalid)).status).toBe(502)
    expect((await send(target, invalid)).status).toBe(400)
    expect((await send(target, CASCADE)).status).toBe(200)
  })

  it('lets the next request through once a listed reset is used up', async () => {
    const target = emulator({ '0': ['connection_reset'] })
    await send(target, CASCADE).catch(() => undefined)
    expect((await send(target, CASCADE)).status).toBe(200)
  })
})

describe('a streamed request whose steps all fail before the first token', () => {
  const STREAMED = { ...CASCADE, stream: true }
  const events = (text: string) =>
    text
      .split('\n\n')
      .filter((block) => block.startsWith('data: '))
      .map((block) => JSON.parse(block.slice('data: '.length)) as Record<string, unknown>)

  it('answers HTTP 200 with a chunk that has `choices: []` beside the error, by default (live)', async () => {
    const answered = await send(emulator({ '0': 'rate_limit', '1': 'rate_limit' }), STREAMED)
    expect(answered.status).toBe(200)
    expect(answered.headers.get('content-type')).toBe('text/event-stream')
    expect(answered.text.startsWith(': OPENROUTER PROCESSING\n\n')).toBe(true)
    const [chunk, ...rest] = events(answered.text)
    expect(rest).toEqual([])
    expect(chunk).toMatchObject({
      object: 'chat.completion.chunk',
      choices: [],
      error: { message: 'Provider returned error', code: 429 },
    })
    expect(answered.text).not.toContain('[DONE]')
  })

  it('answers a bare `data: {"error": …}` line when the plan pins that form', async () => {
    const target = emulator(
      { '0': 'rate_limit', '1': 'downtime' },
      {
        plan: {
          id: 'x',
          at: { '0': 'rate_limit', '1': 'downtime' },
          expect: { servedBy: null },
          forms: { streamErrorBeforeFirstToken: 'bare-chunk' },
        },
      },
    )
    const answered = await send(target, STREAMED)
    expect(answered.status).toBe(200)
    expect(events(answered.text)).toEqual([
      {
        error: expect.objectContaining({ message: 'Service temporarily unavailable', code: 503 }),
        user_id: 'user_emulator',
      },
    ])
  })

  it('answers the documented HTTP status in the http-status form, and a 401 always', async () => {
    const documented = await send(
      emulator({ '0': 'no_credits' }, { options: { streamErrorBeforeFirstToken: 'http-status' } }),
      STREAMED,
    )
    expect(documented.status).toBe(402)
    expect(documented.body.error.code).toBe(402)
    const unauthorized = await send(emulator({ '0': 'bad_key' }), STREAMED)
    expect(unauthorized.status).toBe(401)
  })
})
