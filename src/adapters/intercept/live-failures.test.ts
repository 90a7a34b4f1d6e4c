/**
 * How the live router fails, met by real SDK clients through interception and judged by runCase: the
 * streamed cases of the default matrix (errors before the first token in the live 200-stream forms and
 * the documented status, a stall, a slow first token, a cut stream), in real time.
 */
import OpenAI from 'openai'
import { streamText } from 'ai'
import { createOpenRouter } from '@openrouter/ai-sdk-provider'
import { afterAll, describe, expect, it } from 'vitest'
import { BUILTIN_CATALOG } from '../../core/catalog/builtin.js'
import { matrixForRequest } from '../../core/plan/request-matrix.js'
import type { ChatRequest } from '../../core/types.js'
import { runCase, type CaseResult } from '../../runner/run-case.js'
import { configSchema } from '../../schema/config.js'
import type { Scenario } from '../../schema/scenario.js'
import { mapConcurrent } from '../../util/map-concurrent.js'
import { runningInterception } from './index.js'
import { withIdleLimit } from '../../../test/helpers/idle-limit.js'

const STEPS = ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini']
const REQUEST: ChatRequest = {
  models: STEPS,
  messages: [{ role: 'user', content: 'Say hello in one sentence.' }],
  stream: true,
}
// Short real times, so the matrix runs in a few seconds; the client's own limit sits between them and the deadline.
const config = configSchema.parse({
  deadlineMs: 5000,
  emulator: { timing: { keepAliveMs: 50, chunkGapMs: 1, slowFirstTokenMs: 400, timeoutMs: 150 } },
})
const CLIENT_LIMIT_MS = 1500

// runCase starts the interception on a function client's first case and leaves stopping it to the run
// that owns it (runScenarios); this file is that owner, so the next file in the worker gets its fetch back.
afterAll(() => runningInterception()?.stop())
const { plans } = matrixForRequest(REQUEST, BUILTIN_CATALOG, config.emulator)
/** A short deadline for the client that never gives up: its stall is judged a hang at the deadline, not before. */
const hangConfig = configSchema.parse({ ...config, deadlineMs: 1000 })

type Client = (input: { request: Record<string, unknown>; signal: AbortSignal; baseUrl: string }) => Promise<unknown>

/** The app's own error: what a careful client throws for every failure it detects. */
class ChatFailed extends Error {
  override name = 'ChatFailed'
}

/**
 * Runs the client through the cases of the matrix, all of them or `only` those a test asserts on (a
 * stall holds real time until the client gives up or the deadline).
 */
async function judge(
  client: Client,
  { only, caseConfig = config }: { only?: string[]; caseConfig?: typeof config } = {},
): Promise<Map<string, CaseResult>> {
  const scenario = { name: 'streamed', request: REQUEST, client, expect: {}, faults: 'matrix' } as unknown as Scenario
  const chosen = only ? plans.filter((plan) => only.includes(plan.id)) : plans
  if (only) expect(chosen.map((plan) => plan.id).sort()).toEqual([...only].sort())
  const results = await mapConcurrent(chosen, 32, (plan) =>
    runCase({
      scenario,
      steps: STEPS,
      plan,
      catalog: BUILTIN_CATALOG,
      config: caseConfig,
      seed: 1,
      enforceServedBy: false,
    }),
  )
  return new Map(chosen.map((plan, i) => [plan.id, results[i] as CaseResult]))
}

/** The scenario's body as the SDK's streaming parameters. */
const streamed = (request: Record<string, unknown>) =>
  ({ ...request, stream: true }) as unknown as OpenAI.Chat.ChatCompletionCreateParamsStreaming

/**
 * The case's signal, or the client's own limit, whichever comes first: what a careful app puts on every
 * call. The limit counts the time the process waits (test/helpers/idle-limit.ts), so 32 cases in flight
 * on a loaded machine do not turn answers being served into give-ups.
 */
const withLimit = (signal: AbortSignal): AbortSignal =>
  withIdleLimit(signal, CLIENT_LIMIT_MS, () => new Error(`no answer within ${CLIENT_LIMIT_MS} ms`))

/** openai SDK, careful: an overall limit, the SDK's own error on an error chunk, a finish_reason required. */
const carefulOpenAI: Client = async ({ request, signal, baseUrl }) => {
  const client = new OpenAI({ baseURL: baseUrl, apiKey: 'sk-test', maxRetries: 0 })
  let content = ''
  let finish: string | null = null
  try {
    const stream = await client.chat.completions.create(streamed(request), { signal: withLimit(signal) })
    for await (const chunk of stream) {
      const choice = chunk.choices?.[0]
      if (choice === undefined) continue
      content += choice.delta?.content ?? ''
      finish = choice.finish_reason ?? finish
    }
  } catch (error) {
    throw new ChatFailed(`the router failed: ${(error as Error).message}`)
  }
  if (finish === null) throw new ChatFailed('the stream ended before the answer finished')
  if (finish !== 'stop') throw new ChatFailed(`the answer ended with finish_reason "${finish}"`)
  if (content.trim() === '') throw new ChatFailed('the answer is empty')
  return { content }
}

/** The same SDK, its raw response parsed by hand, reading `choices[0]` before checking for an error. */
const naiveOpenAI: Client = async ({ request, signal, baseUrl }) => {
  const client = new OpenAI({ baseURL: baseUrl, apiKey: 'sk-test', maxRetries: 0 })
  let response: Response
  try {
    response = await client.chat.completions.create(streamed(request), { signal: withLimit(signal) }).asResponse()
  } catch (error) {
    throw new ChatFailed(`the router failed: ${(error as Error).message}`)
  }
  let content = ''
  for (const line of (await response.text()).split('\n')) {
    if (!line.startsWith('data: ') || line === 'data: [DONE]') continue
    const chunk = JSON.parse(line.slice('data: '.length)) as { choices: Array<{ delta: { content?: string } }> }
    content += chunk.choices[0]!.delta.content ?? ''
  }
  return { content }
}

/** The AI SDK with the OpenRouter provider, careful: error parts and the finish reason are checked. */
const carefulAiSdk: Client = async ({ signal }) => {
  const openrouter = createOpenRouter({ apiKey: 'sk-test' })
  let text = ''
  let finish: string | undefined
  try {
    const result = streamText({
      model: openrouter.chat(STEPS[0]!, { models: STEPS }),
      prompt: 'Say hello in one sentence.',
      abortSignal: withLimit(signal),
      maxRetries: 0,
      onError: () => {},
    })
    for await (const part of result.fullStream) {
      if (part.type === 'error') throw part.error instanceof Error ? part.error : new Error(JSON.stringify(part.error))
      if (part.type === 'abort') throw new Error('aborted')
      if (part.type === 'text-delta') text += part.text
      if (part.type === 'finish') finish = part.finishReason
    }
  } catch (error) {
    throw new ChatFailed(`the router failed: ${(error as Error).message}`)
  }
  if (finish !== 'stop') throw new ChatFailed(`the answer ended with finish reason "${finish ?? 'none'}"`)
  if (text.trim() === '') throw new ChatFailed('the answer is empty')
  return { content: text }
}

/** openai SDK without any time limit of its own (the SDK default is 10 minutes). */
const noTimeoutOpenAI: Client = async ({ request, baseUrl }) => {
  const client = new OpenAI({ baseURL: baseUrl, apiKey: 'sk-test', maxRetries: 0 })
  const stream = await client.chat.completions.create(streamed(request))
  let content = ''
  for await (const chunk of stream) content += chunk.choices?.[0]?.delta?.content ?? ''
  return { content }
}

const failed = (results: Map<string, CaseResult>) =>
  [...results]
    .filter(([, r]) => r.verdict !== 'pass')
    .map(([id, r]) => `${id}: ${r.failures.map((f) => f.message).join('; ')}`)

describe('streamed cases of the matrix, met by real SDK clients', () => {
  it('plans the live failure forms, the stall, the slow first token and the cut stream', () => {
    const ids = plans.map((p) => p.id)
    expect(ids).toEqual(
      expect.arrayContaining([
        'every_step_fails',
        'every_step_fails~bare-chunk',
        'every_step_fails~http-status',
        'stall@0',
        'stream_cut',
        'slow_first_token@0',
        'slow_first_token@1',
      ]),
    )
  })

  it('a careful openai SDK streaming client passes every streamed case', async () => {
    const results = await judge(carefulOpenAI)
    expect(failed(results)).toEqual([])
    expect(results.get('stream_cut')?.outcome).toBe('surfaced')
    expect(results.get('stall@0')?.outcome).toBe('surfaced')
  }, 30_000)

  it('a careful AI SDK + OpenRouter provider streaming client passes every streamed case', async () => {
    const results = await judge(carefulAiSdk)
    expect(failed(results)).toEqual([])
    expect(results.get('stream_cut')?.outcome).toBe('surfaced')
  }, 30_000)

  it('a parser that reads choices[0] first crashes on both live pre-token forms, and passes the documented status', async () => {
    const results = await judge(naiveOpenAI, {
      only: ['every_step_fails', 'every_step_fails~bare-chunk', 'no_credits@0', 'every_step_fails~http-status'],
    })
    for (const id of ['every_step_fails', 'every_step_fails~bare-chunk', 'no_credits@0']) {
      expect(results.get(id)?.outcome, id).toBe('crashed')
      expect(
        results
          .get(id)
          ?.failures.map((f) => f.message)
          .join(' '),
        id,
      ).toMatch(/TypeError/)
    }
    expect(results.get('every_step_fails~http-status')?.verdict).toBe('pass')
  }, 30_000)

  it('a client without a timeout hangs on a stall and is judged a crash', async () => {
    const results = await judge(noTimeoutOpenAI, { only: ['stall@0'], caseConfig: hangConfig })
    const stall = results.get('stall@0')
    expect(stall?.verdict).toBe('fail')
    expect(stall?.failures.map((f) => f.check)).toContain('hang')
  }, 30_000)
})
