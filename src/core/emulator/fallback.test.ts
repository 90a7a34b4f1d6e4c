import { describe, expect, it } from 'vitest'
import { estimatePrompt } from '../tokens/index.js'
import type { ChatRequest } from '../types.js'
import { emulator, GEMINI_FLASH, GPT_41_MINI, HELLO, send, SONNET } from './test-support.js'
import { createEmulator } from './index.js'
import { BUILTIN_CATALOG } from '../catalog/builtin.js'

const CASCADE = { models: [GEMINI_FLASH, GPT_41_MINI, SONNET], messages: HELLO }

describe('model-level fallback', () => {
  it.each([
    ['rate_limit', 429],
    ['downtime', 503],
    ['context_length', 400],
    ['moderation', 403],
    ['timeout', 504],
    ['invalid_upstream', 502],
    ['no_endpoint', 404],
  ])('falls back to step 2 when step 1 fails with %s (%i)', async (fault, status) => {
    const target = emulator({ '0': fault })
    const answered = await send(target, CASCADE)
    expect(answered.status).toBe(200)
    expect(answered.body.model).toBe(GPT_41_MINI)
    expect(answered.body.provider).toBe('OpenAI')
    const trace = target.traces[0]
    expect(trace?.attempts.map((a) => [a.step, a.model, a.fault, a.status])).toEqual([
      [0, GEMINI_FLASH, fault, status],
      [1, GPT_41_MINI, null, 200],
    ])
    expect(trace).toMatchObject({ status: 200, servedBy: GPT_41_MINI, servedStep: 1, answerSource: 'synthesized' })
  })

  it('walks the cascade in order until a step answers', async () => {
    const target = emulator({ [GEMINI_FLASH]: 'rate_limit', '1': 'invalid_upstream' })
    const answered = await send(target, CASCADE)
    expect(answered.body.model).toBe(SONNET)
    expect(answered.body.provider).toBe('Anthropic')
    expect(target.traces[0]?.attempts.map((a) => a.status)).toEqual([429, 502, 200])
  })

  it('tries `model` first and then `models` in order, each model once', async () => {
    const target = emulator({ '0': 'rate_limit', '1': 'rate_limit' })
    const answered = await send(target, { model: SONNET, models: [SONNET, GEMINI_FLASH, GPT_41_MINI], messages: HELLO })
    expect(target.traces[0]?.attempts.map((a) => a.model)).toEqual([SONNET, GEMINI_FLASH, GPT_41_MINI])
    expect(answered.body.model).toBe(GPT_41_MINI)
  })

  it('adds each failed attempt to the latency, a timeout its 30 s', async () => {
    const target = emulator({ '0': 'timeout' })
    await send(target, CASCADE)
    const [timedOut, served] = target.traces[0]?.attempts ?? []
    expect(timedOut?.latencyMs).toBe(30_000)
    expect(served?.latencyMs).toBeGreaterThanOrEqual(600)
    expect(served?.latencyMs).toBeLessThanOrEqual(1500)
    expect(target.traces[0]?.latencyMs).toBe(30_000 + (served?.latencyMs ?? 0))
  })

  it('bills the model that served, not the primary', async () => {
    const target = emulator({ '0': 'rate_limit' })
    const answered = await send(target, {
      models: ['openai/gpt-4o-mini', 'gryphe/mythomax-l2-13b:free'],
      messages: HELLO,
    })
    expect(answered.body.model).toBe('gryphe/mythomax-l2-13b:free')
    expect(answered.body.usage.cost).toBe(0)
    expect(target.traces[0]?.costUsd).toBe(0)
  })
})

describe('when every step fails', () => {
  it('returns the last error with the earlier ones in previous_errors', async () => {
    const target = emulator({ '0': 'rate_limit', '1': 'downtime', '2': 'timeout' })
    const answered = await send(target, CASCADE)
    expect(answered.status).toBe(504)
    expect(answered.body).toEqual({
      error: {
        message: 'Request timed out. Please try again later.',
        code: 504,
        metadata: {
          provider_name: 'Anthropic',
          previous_errors: [
            { provider: 'Google Vertex', model: GEMINI_FLASH, code: 'rate_limit_exceeded', status: 429 },
            { provider: 'OpenAI', model: GPT_41_MINI, code: 'provider_overloaded', status: 503 },
          ],
        },
      },
      user_id: 'user_emulator',
    })
    expect(target.traces[0]).toMatchObject({
      status: 504,
      servedBy: null,
      servedStep: null,
      answerSource: 'none',
      costUsd: 0,
    })
    expect(target.traces[0]?.attempts.map((a) => a.status)).toEqual([429, 503, 504])
  })

  it('sends Retry-After with a final 429 and the upstream rate-limit body', async () => {
    const answered = await send(emulator({ '0': 'rate_limit' }), { model: GEMINI_FLASH, messages: HELLO })
    expect(answered.status).toBe(429)
    expect(answered.headers.get('retry-after')).toBe('1')
    expect(answered.body).toEqual({
      error: {
        message: 'Provider returned error',
        code: 429,
        metadata: {
          raw: 'google/gemini-2.5-flash is temporarily rate-limited upstream. Please retry shortly, or add your own key to accumulate your rate limits: https://openrouter.ai/settings/integrations',
          provider_name: 'Google Vertex',
          is_byok: false,
          error_type: 'rate_limit_exceeded',
        },
      },
      user_id: 'user_emulator',
    })
  })

  it('sends Retry-After with a 503 as configured, and none when set to 0', async () => {
    const body = { model: GEMINI_FLASH, messages: HELLO }
    const configured = await send(emulator({ '0': 'downtime' }, { retryAfterSeconds: 15 }), body)
    expect(configured.status).toBe(503)
    expect(configured.headers.get('retry-after')).toBe('15')
    expect(configured.body.error.availability).toMatchObject({
      code: 'temporarily_unavailable',
      retryable: true,
      requested_models: [GEMINI_FLASH],
    })
    expect(
      (await send(emulator({ '0': 'downtime' }, { retryAfterSeconds: 0 }), body)).headers.get('retry-after'),
    ).toBeNull()
    expect((await send(emulator({ '0': 'timeout' }), body)).headers.get('retry-after')).toBeNull()
  })

  it('answers moderation with the documented metadata and a middle-truncated input', async () => {
    const long = `${'a'.repeat(60)}MIDDLE${'z'.repeat(60)}`
    const answered = await send(emulator({ '0': 'moderation' }), {
      model: GPT_41_MINI,
      messages: [{ role: 'user', content: long }],
    })
    expect(answered.status).toBe(403)
    expect(answered.body.error.message).toBe(
      'openai/gpt-4.1-mini requires moderation on OpenAI. Your input was flagged for "harassment". No credits were charged.',
    )
    const metadata = answered.body.error.metadata
    expect(metadata).toMatchObject({ reasons: ['harassment'], provider_name: 'OpenAI', model_slug: GPT_41_MINI })
    expect(metadata.flagged_input).toHaveLength(100)
    expect(metadata.flagged_input).toBe(`${'a'.repeat(49)}...${'z'.repeat(48)}`)
  })

  it('answers an injected context overflow with the window of the step', async () => {
    const body = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x'.repeat(400) }] }
    const answered = await send(emulator({ '0': 'context_length' }), body)
    // An injected fault's prompt fits: the figure is the shared estimate, 4 characters a token.
    const prompt = estimatePrompt(body as ChatRequest).total
    expect(prompt).toBe(107) // 400 x's are 100 tokens, plus 4 framing tokens for the message and 3 for the reply
    expect(answered.status).toBe(400)
    expect(answered.body.error.message).toBe(
      `This endpoint's maximum context length is 128000 tokens. However, you requested about ${128000 + prompt} tokens (${prompt} of text input, 128000 in the output). Please reduce the length of either one, or use the context-compression plugin to compress your prompt automatically.`,
    )
    // Live (eca#380): no error_type in metadata and no user_id beside the error.
    expect(answered.body).toEqual({
      error: { message: expect.any(String), code: 400, metadata: { provider_name: null } },
    })
  })

  it('words the context message with the old "middle-out" tail when configured', async () => {
    const answered = await send(
      emulator({ '0': 'context_length' }, { options: { contextMessageTail: 'middle-out' } }),
      { model: GEMINI_FLASH, messages: HELLO },
    )
    expect(answered.body.error.message).toMatch(
      /Please reduce the length of either one, or use the "middle-out" transform to compress your prompt automatically\.$/,
    )
  })

  it('words an injected no_endpoint by what the request uses', async () => {
    const tools = [{ type: 'function', function: { name: 'save', parameters: { type: 'object' } } }]
    const withTools = await send(emulator({ '0': 'no_endpoint' }), { model: GEMINI_FLASH, messages: HELLO, tools })
    expect(withTools.status).toBe(404)
    expect(withTools.body.error.message).toBe(
      'No endpoints found that support tool use. Try disabling "save". To learn more about provider routing, visit: https://openrouter.ai/docs/guides/routing/provider-selection',
    )
    const withoutTools = await send(emulator({ '0': 'no_endpoint' }), { model: GEMINI_FLASH, messages: HELLO })
    expect(withoutTools.body.error.message).toBe('No endpoints found that can handle the requested parameters.')
  })

  it('answers an invalid upstream with 502 "Provider returned error"', async () => {
    const answered = await send(emulator({ '0': 'invalid_upstream' }), { model: SONNET, messages: HELLO })
    expect(answered.status).toBe(502)
    expect(answered.body.error).toMatchObject({
      message: 'Provider returned error',
      code: 502,
      metadata: { provider_name: 'Anthropic' },
    })
    expect(answered.body.error.metadata.error_type).toBeUndefined()
  })

  it('sends no Retry-After when the plan omits it (a client must not assume the header)', async () => {
    const body = { model: GEMINI_FLASH, messages: HELLO }
    const omitted = createEmulator({
      catalog: BUILTIN_CATALOG,
      seed: 1,
      plan: { id: 'x', at: { '0': 'rate_limit' }, expect: { servedBy: null }, forms: { retryAfter: 'omitted' } },
    })
    const answered = await send(omitted, body)
    expect(answered.status).toBe(429)
    expect(answered.headers.get('retry-after')).toBeNull()
  })
})

describe('the free-model quota', () => {
  const FREE = 'gryphe/mythomax-l2-13b:free'
  it('answers the platform 429 with X-RateLimit headers (reset in epoch ms) and no Retry-After', async () => {
    const target = createEmulator({
      catalog: BUILTIN_CATALOG,
      seed: 1,
      now: () => 1_793_500_000,
      plan: { id: 'q', at: { '0': 'free_quota' }, expect: { servedBy: null } },
    })
    const answered = await send(target, { model: FREE, messages: HELLO })
    expect(answered.status).toBe(429)
    const headers = {
      'X-RateLimit-Limit': '50',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': String(1_793_577_600_000),
    }
    expect(answered.body.error).toEqual({
      message: 'Rate limit exceeded: free-models-per-day. Add 10 credits to unlock 1000 free model requests per day',
      code: 429,
      metadata: { headers, provider_name: null },
    })
    for (const [name, value] of Object.entries(headers)) expect(answered.headers.get(name)).toBe(value)
    expect(answered.headers.get('retry-after')).toBeNull()
  })

  it('hits every later :free step at once, while a paid step still serves', async () => {
    const catalog = {
      ...BUILTIN_CATALOG,
      models: [
        ...BUILTIN_CATALOG.models,
        { ...BUILTIN_CATALOG.models.find((m) => m.id === FREE)!, id: 'meta-llama/llama-3.3-70b-instruct:free' },
      ],
    }
    const target = createEmulator({
      catalog,
      seed: 1,
      plan: { id: 'q', at: { '0': 'free_quota' }, expect: { servedBy: null } },
    })
    const answered = await send(target, {
      models: [FREE, 'meta-llama/llama-3.3-70b-instruct:free', GPT_41_MINI],
      messages: HELLO,
    })
    expect(answered.status).toBe(200)
    expect(answered.body.model).toBe(GPT_41_MINI)
    expect(target.traces[0]?.attempts.map((a) => [a.step, a.fault, a.status])).toEqual([
      [0, 'free_quota', 429],
      [1, 'free_quota', 429],
      [2, null, 200],
    ])
  })
})

describe('faults that end the request', () => {
  it('ends with 402 on no credits and tries no further step', async () => {
    const target = emulator({ '0': 'no_credits' })
    const answered = await send(target, CASCADE)
    expect(answered.status).toBe(402)
    expect(target.traces[0]?.attempts.map((a) => [a.step, a.fault, a.status])).toEqual([[0, 'no_credits', 402]])
  })

  it("words the 402 as the live affordability pre-flight, listing the model's other endpoints in previous_errors", async () => {
    const answered = await send(emulator({ '0': 'no_credits' }), {
      model: GEMINI_FLASH,
      messages: HELLO,
      max_tokens: 32000,
    })
    const line = (n: number) =>
      `This request requires more credits, or fewer max_tokens. You requested up to 32000 tokens, but can only afford ${n}. To increase, visit https://openrouter.ai/settings/credits and upgrade to a paid account`
    expect(answered.body.error.message).toBe(line(25600))
    expect(answered.body.error.metadata).toEqual({
      provider_name: null,
      previous_errors: [{ code: 402, message: line(27200) }],
    })
  })

  it('words the 402 as documented when the plan pins that form', async () => {
    const target = createEmulator({
      catalog: BUILTIN_CATALOG,
      seed: 1,
      plan: {
        id: 'x',
        at: { '0': 'no_credits' },
        expect: { servedBy: null },
        forms: { noCreditsMessage: 'insufficient-credits' },
      },
    })
    const answered = await send(target, CASCADE)
    expect(answered.body.error).toEqual({
      message: 'Insufficient credits. Add more using https://openrouter.ai/settings/credits',
      code: 402,
      metadata: { provider_name: null },
    })
  })

  it('ends with 401 on a bad key before any model, wherever the plan puts it: the key is the account one', async () => {
    const target = emulator({ '0': 'rate_limit', '1': 'bad_key' })
    const answered = await send(target, CASCADE)
    expect(answered.status).toBe(401)
    expect(answered.body.error.message).toBe('No auth credentials found')
    expect(target.traces[0]?.attempts.map((a) => [a.step, a.fault, a.status])).toEqual([[0, 'bad_key', 401]])
  })
})

describe("the account's faults belong to the account, not to a model", () => {
  const cascade = [GEMINI_FLASH, GPT_41_MINI, SONNET]
  const oneModel = (model: string) => ({ model, messages: HELLO })

  for (const [fault, status] of [
    ['no_credits', 402],
    ['bad_key', 401],
  ] as const) {
    it(`${fault} planned at step 0 fails every model a client-side cascade tries, one \`model\` per request`, async () => {
      const target = emulator({ '0': fault }, { cascade })
      const statuses = []
      for (const model of cascade) statuses.push((await send(target, oneModel(model))).status)
      expect(statuses).toEqual([status, status, status])
      expect(target.traces.map((t) => [t.servedBy, t.attempts.map((a) => [a.model, a.fault])])).toEqual(
        cascade.map((model) => [null, [[model, fault]]]),
      )
    })
  }

  it('a one-time account fault stays one-time across the account: the next request, to any model, is served', async () => {
    const target = emulator({ '0': ['no_credits'] }, { cascade })
    expect((await send(target, oneModel(GPT_41_MINI))).status).toBe(402)
    const next = await send(target, oneModel(SONNET))
    expect(next.status).toBe(200)
    expect(target.traces[1]?.servedBy).toBe(SONNET)
    expect((await send(target, CASCADE)).status).toBe(200)
    expect(target.traces[2]?.servedBy).toBe(GEMINI_FLASH)
  })

  it("a model's own fault stays the model's beside it", async () => {
    const target = emulator({ '0': 'rate_limit' }, { cascade })
    expect((await send(target, oneModel(GEMINI_FLASH))).status).toBe(429)
    expect((await send(target, oneModel(GPT_41_MINI))).status).toBe(200)
  })
})

describe('faults over consecutive requests', () => {
  it('keeps a single fault name for every request of the case', async () => {
    const target = emulator({ '0': 'rate_limit' })
    await send(target, CASCADE)
    await send(target, CASCADE)
    expect(target.traces.map((t) => t.servedStep)).toEqual([1, 1])
    expect(target.traces.map((t) => t.index)).toEqual([0, 1])
  })

  it('applies a list to consecutive requests, then lets the step answer', async () => {
    const target = emulator({ '0': ['rate_limit', 'downtime'] })
    for (let i = 0; i < 3; i++) await send(target, CASCADE)
    expect(target.traces.map((t) => t.attempts[0]?.fault ?? null)).toEqual(['rate_limit', 'downtime', null])
    expect(target.traces.map((t) => t.servedStep)).toEqual([1, 1, 0])
  })

  it('lets a client retry past a transient failure of a single-model request', async () => {
    const target = emulator({ [GEMINI_FLASH]: ['rate_limit'] })
    const first = await send(target, { model: GEMINI_FLASH, messages: HELLO })
    const retry = await send(target, { model: GEMINI_FLASH, messages: HELLO })
    expect([first.status, retry.status]).toEqual([429, 200])
  })
})

describe('faults belong to models, given the scenario cascade', () => {
  const cascade = [GEMINI_FLASH, GPT_41_MINI, SONNET]

  it('meets an index-keyed fault wherever its model is in the request: `model` + `models`, a shorter list, one model alone', async () => {
    const target = emulator({ '1': 'rate_limit' }, { cascade })
    // A retry that leaves the first model out: the rate-limited model is now first in the request.
    const shorter = await send(target, { models: [GPT_41_MINI, SONNET], messages: HELLO })
    expect(shorter.body.model).toBe(SONNET)
    // One model per request, as a client-side cascade sends it.
    const alone = await send(target, { model: GPT_41_MINI, messages: HELLO })
    expect(alone.status).toBe(429)
    const pinned = await send(target, { model: GEMINI_FLASH, models: [GPT_41_MINI], messages: HELLO })
    expect(pinned.body.model).toBe(GEMINI_FLASH)
    // Steps count in the scenario's cascade, not in each request.
    expect(target.traces.map((t) => t.attempts.map((a) => [a.step, a.status]))).toEqual([
      [
        [1, 429],
        [2, 200],
      ],
      [[1, 429]],
      [[0, 200]],
    ])
    expect(target.traces[0]).toMatchObject({ servedBy: SONNET, servedStep: 2 })
  })

  it('keeps a one-time fault one-time per model: a list is consumed by the requests that reach that model', async () => {
    const target = emulator({ '1': ['timeout'] }, { cascade })
    expect((await send(target, { model: GEMINI_FLASH, messages: HELLO })).status).toBe(200)
    expect((await send(target, { model: GPT_41_MINI, messages: HELLO })).status).toBe(504)
    expect((await send(target, { model: GPT_41_MINI, messages: HELLO })).status).toBe(200)
  })

  it('without a cascade, an index key still names a position in each request (direct emulator use)', async () => {
    const target = emulator({ '0': 'rate_limit' })
    expect((await send(target, { model: GPT_41_MINI, messages: HELLO })).status).toBe(429)
  })
})
