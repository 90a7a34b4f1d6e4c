import { describe, expect, it } from 'vitest'
import type { Clock } from './timeline.js'
import { emulator, GEMINI_FLASH, GPT_41_MINI, HELLO, chatRequest } from './test-support.js'

/** A clock that records every wait and lets it pass at once, so timing is asserted without real time. */
function fakeClock(): Clock & { waits: number[] } {
  const waits: number[] = []
  return {
    waits,
    sleep: async (ms) => {
      waits.push(ms)
    },
  }
}

/** Reads a body chunk by chunk, as a streaming client does. */
async function chunksOf(response: Response): Promise<{ chunks: string[]; error: unknown }> {
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  const chunks: string[] = []
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return { chunks, error: undefined }
      chunks.push(decoder.decode(value))
    }
  } catch (error) {
    return { chunks, error }
  }
}

const TIMING = { keepAliveMs: 100, chunkGapMs: 5, slowFirstTokenMs: 1000, timeoutMs: 400 }
const STREAMED = { models: [GEMINI_FLASH, GPT_41_MINI], messages: HELLO, stream: true }

describe('a stream in real time', () => {
  it('sends one event per chunk, chunkGapMs apart, with keep-alive comments before and between chunks', async () => {
    const clock = fakeClock()
    const response = await emulator({}, { clock, options: { timing: TIMING } }).handle(chatRequest(STREAMED))
    const { chunks, error } = await chunksOf(response)
    expect(error).toBeUndefined()
    expect(chunks[0]).toBe(': OPENROUTER PROCESSING\n\n')
    const data = chunks.filter((c) => c.startsWith('data: '))
    expect(data.length).toBeGreaterThan(8)
    expect(data.at(-1)).toBe('data: [DONE]\n\n')
    // A comment after the first data event: a parser that skips comments only before `data:` breaks here.
    const firstData = chunks.findIndex((c) => c.startsWith('data: '))
    expect(chunks.slice(firstData).some((c) => c.startsWith(':'))).toBe(true)
    expect(clock.waits.filter((ms) => ms === 5)).toHaveLength(data.length - 1)
  })

  it('holds the first token for slowFirstTokenMs, filling the wait with a comment per keep-alive period', async () => {
    const clock = fakeClock()
    const response = await emulator({ '0': 'slow_first_token' }, { clock, options: { timing: TIMING } }).handle(
      chatRequest(STREAMED),
    )
    const { chunks } = await chunksOf(response)
    const firstData = chunks.findIndex((c) => c.startsWith('data: '))
    expect(chunks.slice(0, firstData)).toEqual(Array(11).fill(': OPENROUTER PROCESSING\n\n'))
    expect(clock.waits.slice(0, 10)).toEqual(Array(10).fill(100))
    expect(chunks.join('')).toContain('[DONE]')
  })

  it('makes a timeout take timeoutMs of real time before the router falls back', async () => {
    const clock = fakeClock()
    const target = emulator({ '0': 'timeout' }, { clock, options: { timing: TIMING } })
    const response = await target.handle(chatRequest({ models: [GEMINI_FLASH, GPT_41_MINI], messages: HELLO }))
    expect(clock.waits).toEqual([400])
    expect((JSON.parse(await response.text()) as { model: string }).model).toBe(GPT_41_MINI)
  })

  it('cuts a stream after part of the answer: no finish_reason, no [DONE], the read fails', async () => {
    const response = await emulator({ '0': 'stream_cut' }).handle(chatRequest(STREAMED))
    expect(response.status).toBe(200)
    const { chunks, error } = await chunksOf(response)
    const text = chunks.join('')
    expect(text).toContain('"content":')
    expect(text).not.toContain('[DONE]')
    expect(text).not.toMatch(/"finish_reason":"(stop|tool_calls|length|error)"/)
    expect(error).toBeInstanceOf(TypeError)
    expect((error as TypeError).message).toBe('terminated')
  })

  it('keeps a stalled stream open with comments only until the case is over', async () => {
    const caseOver = new AbortController()
    let ticks = 0
    const clock: Clock = {
      sleep: async () => {
        if (++ticks === 5) caseOver.abort()
      },
    }
    const response = await emulator(
      { '0': 'stall' },
      { clock, signal: caseOver.signal, options: { timing: TIMING } },
    ).handle(chatRequest(STREAMED))
    expect(response.status).toBe(200)
    const { chunks, error } = await chunksOf(response)
    expect(chunks.every((c) => c === ': OPENROUTER PROCESSING\n\n')).toBe(true)
    expect(chunks.length).toBeGreaterThanOrEqual(4)
    expect((error as TypeError & { cause: { code: string } }).cause.code).toBe('ECONNRESET')
  })

  it('gives a plain request nothing at all on a stall, until the client aborts', async () => {
    const client = new AbortController()
    const pending = emulator({ '0': 'stall' }).handle(
      new Request(chatRequest({ model: GEMINI_FLASH, messages: HELLO }), { signal: client.signal }),
    )
    let settled = false
    void pending.then(
      () => (settled = true),
      () => (settled = true),
    )
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(settled).toBe(false)
    client.abort()
    await expect(pending).rejects.toThrow('fetch failed')
  })
})
