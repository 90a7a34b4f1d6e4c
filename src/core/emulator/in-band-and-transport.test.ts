import { describe, expect, it } from 'vitest'
import { emulator, GEMINI_FLASH, GPT_41_MINI, HELLO, send, SONNET } from './test-support.js'

const CASCADE = { models: [GEMINI_FLASH, GPT_41_MINI], messages: HELLO }

describe('errors inside an HTTP 200', () => {
  it('answers 200 with a top-level error and no choices, and does not fall back', async () => {
    const target = emulator({ '0': 'error_in_200' })
    const answered = await send(target, CASCADE)
    expect(answered.status).toBe(200)
    expect(answered.body).not.toHaveProperty('choices')
    expect(answered.body.error).toMatchObject({ message: 'Provider returned error', code: 502, metadata: { provider_name: 'Google Vertex' } })
    expect(answered.body.user_id).toBe('user_emulator')
    expect(target.traces[0]).toMatchObject({ status: 200, servedBy: null, answerSource: 'none' })
    expect(target.traces[0]?.attempts.map((a) => [a.step, a.fault, a.status])).toEqual([[0, 'error_in_200', 200]])
  })

  it('answers 200 with partial content and a choice-level error object', async () => {
    const answered = await send(emulator({ '0': 'choice_error' }), CASCADE)
    expect(answered.status).toBe(200)
    const choice = answered.body.choices[0]
    expect(choice.finish_reason).toBe('error')
    expect(choice.error).toEqual({ message: 'Provider disconnected mid-stream', code: 502, metadata: { error_type: 'provider_unavailable' } })
    expect(typeof choice.message.content).toBe('string')
    expect(answered.body.model).toBe(GEMINI_FLASH)
  })

  it('answers 200 with finish_reason "error" and only a native reason on Gemini', async () => {
    const answered = await send(emulator({ '0': 'finish_reason_error' }), CASCADE)
    const choice = answered.body.choices[0]
    expect(answered.status).toBe(200)
    expect(choice).toMatchObject({ finish_reason: 'error', native_finish_reason: 'MALFORMED_FUNCTION_CALL', message: { content: null } })
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

  it('lets the next request through once a listed reset is used up', async () => {
    const target = emulator({ '0': ['connection_reset'] })
    await send(target, CASCADE).catch(() => undefined)
    expect((await send(target, CASCADE)).status).toBe(200)
  })
})
