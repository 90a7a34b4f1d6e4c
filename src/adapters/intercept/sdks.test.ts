import OpenAI from 'openai'
import { generateText } from 'ai'
import { createOpenRouter } from '@openrouter/ai-sdk-provider'
import { describe, expect, it } from 'vitest'
import { BASE_URL, namedEmulator, noUnhandled, useInterception } from './test-support.js'

// Built at import time, before interception starts: the openai SDK captures the global fetch when it is
// constructed, so this client holds Node's own fetch and must be caught on the socket path.
const earlyClient = new OpenAI({ baseURL: BASE_URL, apiKey: 'sk-test', maxRetries: 0 })

const interception = useInterception()

describe('the official openai SDK', () => {
  it('reaches the case emulator with the exact body and returns its answer', async () => {
    const emulator = namedEmulator('case-1')
    const client = new OpenAI({ baseURL: BASE_URL, apiKey: 'sk-test' })
    const answer = await interception().runInCase({ emulator, onUnhandled: noUnhandled }, () =>
      client.chat.completions.create({
        model: 'google/gemini-2.5-flash',
        messages: [{ role: 'user', content: 'hello' }],
      }),
    )
    expect(answer.choices[0]?.message.content).toBe('hi from case-1')
    expect(emulator.seen).toEqual([
      {
        method: 'POST',
        url: 'https://openrouter.ai/api/v1/chat/completions',
        body: { model: 'google/gemini-2.5-flash', messages: [{ role: 'user', content: 'hello' }] },
      },
    ])
  })

  it('reaches the emulator through a client constructed before interception started', async () => {
    const emulator = namedEmulator('early')
    const answer = await interception().runInCase({ emulator, onUnhandled: noUnhandled }, () =>
      earlyClient.chat.completions.create({
        model: 'google/gemini-2.5-flash',
        messages: [{ role: 'user', content: 'hello' }],
      }),
    )
    expect(answer.choices[0]?.message.content).toBe('hi from early')
    expect(emulator.seen.map((r) => r.url)).toEqual(['https://openrouter.ai/api/v1/chat/completions'])
  })

  it('streams an event-stream answer from the emulator to the client', async () => {
    const chunk = (content: string, finish: string | null) =>
      `data: ${JSON.stringify({ id: 'gen-s', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`
    const emulator = {
      traces: [],
      handle: async () =>
        new Response(`: OPENROUTER PROCESSING\n\n${chunk('hel', null)}${chunk('lo', 'stop')}data: [DONE]\n\n`, {
          headers: { 'content-type': 'text/event-stream' },
        }),
    }
    const client = new OpenAI({ baseURL: BASE_URL, apiKey: 'sk-test' })
    const text = await interception().runInCase({ emulator, onUnhandled: noUnhandled }, async () => {
      const stream = await client.chat.completions.create({
        model: 'm',
        messages: [{ role: 'user', content: 'x' }],
        stream: true,
      })
      let all = ''
      for await (const part of stream) all += part.choices[0]?.delta.content ?? ''
      return all
    })
    expect(text).toBe('hello')
  })
})

describe('the Vercel AI SDK with @openrouter/ai-sdk-provider', () => {
  it('reaches the case emulator and returns its answer from generateText', async () => {
    const emulator = namedEmulator('ai-sdk')
    const openrouter = createOpenRouter({ apiKey: 'sk-test' })
    const result = await interception().runInCase({ emulator, onUnhandled: noUnhandled }, () =>
      generateText({ model: openrouter.chat('google/gemini-2.5-flash'), prompt: 'hello', maxRetries: 0 }),
    )
    expect(result.text).toBe('hi from ai-sdk')
    expect(emulator.seen).toHaveLength(1)
    expect(emulator.seen[0]).toMatchObject({
      method: 'POST',
      url: 'https://openrouter.ai/api/v1/chat/completions',
      body: { model: 'google/gemini-2.5-flash' },
    })
  })
})
