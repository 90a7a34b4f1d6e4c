/**
 * Cases run concurrently, so every request must reach the emulator of the case it was made in. Each
 * test holds two cases' requests in flight together (a barrier inside both emulators) and checks that
 * each case got its own emulator's answer, once per transport: the AsyncLocalStorage store must
 * survive into the fetch path and into the socket interceptor's callback for each client.
 */
import http from 'node:http'
import https from 'node:https'
import OpenAI from 'openai'
import { generateText } from 'ai'
import { createOpenRouter } from '@openrouter/ai-sdk-provider'
import { describe, expect, it } from 'vitest'
import {
  BASE_URL,
  CHAT_BODY,
  barrier,
  namedEmulator,
  noUnhandled,
  nodeRequest,
  useInterception,
} from './test-support.js'

const earlyClient = new OpenAI({ baseURL: BASE_URL, apiKey: 'sk-test', maxRetries: 0 })

const interception = useInterception()

/** Runs `call` in cases A and B at once, both requests in flight together; returns what each got. */
async function twoConcurrentCases(call: () => Promise<string>, baseUrls?: string[]): Promise<string[]> {
  const together = barrier(2)
  return Promise.all(
    ['A', 'B'].map((name) =>
      interception().runInCase(
        { emulator: namedEmulator(name, { before: together }), baseUrls, onUnhandled: noUnhandled },
        call,
      ),
    ),
  )
}

const content = (json: string) =>
  (JSON.parse(json) as { choices: { message: { content: string } }[] }).choices[0]!.message.content

describe('two concurrent cases with different emulators each get their own answers', () => {
  it('over the global fetch', async () => {
    const got = await twoConcurrentCases(async () => {
      const res = await fetch(`${BASE_URL}/chat/completions`, { method: 'POST', body: CHAT_BODY })
      return content(await res.text())
    })
    expect(got).toEqual(['hi from A', 'hi from B'])
  })

  it('over the openai SDK', async () => {
    const client = new OpenAI({ baseURL: BASE_URL, apiKey: 'sk-test' })
    const got = await twoConcurrentCases(async () => {
      const answer = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] })
      return answer.choices[0]?.message.content ?? ''
    })
    expect(got).toEqual(['hi from A', 'hi from B'])
  })

  it('over an openai client built before interception (the socket path under Node’s own fetch)', async () => {
    const got = await twoConcurrentCases(async () => {
      const answer = await earlyClient.chat.completions.create({
        model: 'm',
        messages: [{ role: 'user', content: 'x' }],
      })
      return answer.choices[0]?.message.content ?? ''
    })
    expect(got).toEqual(['hi from A', 'hi from B'])
  })

  it('over the AI SDK', async () => {
    const model = createOpenRouter({ apiKey: 'sk-test' }).chat('google/gemini-2.5-flash')
    const got = await twoConcurrentCases(async () => (await generateText({ model, prompt: 'x', maxRetries: 0 })).text)
    expect(got).toEqual(['hi from A', 'hi from B'])
  })

  it('over node:http', async () => {
    const got = await twoConcurrentCases(
      async () => content((await nodeRequest('http://openrouter.ai/api/v1/chat/completions', CHAT_BODY)).body),
      ['http://openrouter.ai/api/v1'],
    )
    expect(got).toEqual(['hi from A', 'hi from B'])
  })

  it('over node:https', async () => {
    const got = await twoConcurrentCases(async () =>
      content((await nodeRequest(`${BASE_URL}/chat/completions`, CHAT_BODY)).body),
    )
    expect(got).toEqual(['hi from A', 'hi from B'])
  })

  it('over one kept-alive socket shared by the cases in turn (node:https agent with maxSockets 1)', async () => {
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1 })
    const got = await Promise.all(
      ['A', 'B', 'C'].map((name) =>
        interception().runInCase({ emulator: namedEmulator(name), onUnhandled: noUnhandled }, async () => {
          const answers: string[] = []
          for (let i = 0; i < 3; i++)
            answers.push(content((await nodeRequest(`${BASE_URL}/chat/completions`, CHAT_BODY, agent)).body))
          return answers.join(',')
        }),
      ),
    )
    agent.destroy()
    expect(got).toEqual([
      'hi from A,hi from A,hi from A',
      'hi from B,hi from B,hi from B',
      'hi from C,hi from C,hi from C',
    ])
  })

  it('over one kept-alive socket shared by the cases in turn (node:http agent with maxSockets 1)', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const got = await Promise.all(
      ['A', 'B', 'C'].map((name) =>
        interception().runInCase(
          { emulator: namedEmulator(name), baseUrls: ['http://openrouter.ai/api/v1'], onUnhandled: noUnhandled },
          async () => {
            const answers: string[] = []
            for (let i = 0; i < 3; i++)
              answers.push(
                content((await nodeRequest('http://openrouter.ai/api/v1/chat/completions', CHAT_BODY, agent)).body),
              )
            return answers.join(',')
          },
        ),
      ),
    )
    agent.destroy()
    expect(got).toEqual([
      'hi from A,hi from A,hi from A',
      'hi from B,hi from B,hi from B',
      'hi from C,hi from C,hi from C',
    ])
  })
})
