import { describe, expect, it } from 'vitest'
import { configSchema } from '../../schema/config.js'
import { BUILTIN_CATALOG } from '../catalog/builtin.js'
import { DEFAULT_EMULATOR_OPTIONS } from './index.js'
import { emulator, GEMINI_FLASH, GPT_41_MINI, HELLO, MYTHOMAX_FREE, send, SONNET } from './test-support.js'

describe('request validation', () => {
  it('rejects four models with the live 400 body and tries no model', async () => {
    const target = emulator()
    const answered = await send(target, { models: [GEMINI_FLASH, GPT_41_MINI, SONNET, MYTHOMAX_FREE], messages: HELLO })
    expect(answered.status).toBe(400)
    expect(answered.text).toBe(
      `{"error":{"message":"'models' array must have 3 items or fewer.","code":400},"user_id":"user_emulator"}`,
    )
    expect(target.traces[0]).toMatchObject({ status: 400, attempts: [], servedBy: null, answerSource: 'none' })
  })

  it('accepts `model` beside three `models` unless the option counts it', async () => {
    const body = { model: 'openai/gpt-4o-mini', models: [GEMINI_FLASH, GPT_41_MINI, SONNET], messages: HELLO }
    expect((await send(emulator(), body)).status).toBe(200)
    expect((await send(emulator({}, { options: { modelCountsTowardLimit: true } }), body)).status).toBe(400)
  })

  it('accepts the AI SDK shape `model: X, models: [X, Y, Z]` even when `model` counts', async () => {
    const body = { model: GEMINI_FLASH, models: [GEMINI_FLASH, GPT_41_MINI, SONNET], messages: HELLO }
    expect((await send(emulator({}, { options: { modelCountsTowardLimit: true } }), body)).status).toBe(200)
  })

  it('rejects an unknown model id anywhere in the cascade with the router message', async () => {
    const target = emulator()
    const answered = await send(target, { models: [GEMINI_FLASH, 'anthropic/claude-sonnet-4-5'], messages: HELLO })
    expect(answered.status).toBe(400)
    expect(answered.body.error.message).toBe('anthropic/claude-sonnet-4-5 is not a valid model ID')
    expect(answered.body.error.availability).toMatchObject({
      code: 'model_not_found',
      requested_models: [GEMINI_FLASH, 'anthropic/claude-sonnet-4-5'],
    })
    expect(target.traces[0]?.attempts).toEqual([])
  })

  it('leaves the availability object out when the option is off', async () => {
    const answered = await send(emulator({}, { options: { availabilityObject: false } }), {
      model: 'nope/nothing',
      messages: HELLO,
    })
    expect(answered.text).toBe(
      '{"error":{"message":"nope/nothing is not a valid model ID","code":400},"user_id":"user_emulator"}',
    )
  })

  it('rejects an unknown `provider` key with the zod-style message', async () => {
    const answered = await send(emulator(), {
      model: GEMINI_FLASH,
      messages: HELLO,
      provider: { Require_Parameters: true, sort: 'price' },
    })
    expect(answered.status).toBe(400)
    expect(answered.body.error.message).toBe("Unrecognized key(s) in object: 'Require_Parameters'")
  })

  it('rejects a request without messages', async () => {
    for (const messages of [undefined, []]) {
      const answered = await send(emulator(), { model: GEMINI_FLASH, messages })
      expect(answered.status).toBe(400)
      expect(answered.body.error.message).toBe('Input required: specify "prompt" or "messages"')
    }
  })

  it('rejects a body that is not JSON and records a null body', async () => {
    const target = emulator()
    const answered = await send(target, '{"model": ')
    expect(answered.status).toBe(400)
    expect(answered.body.error.code).toBe(400)
    expect(target.traces[0]?.body).toBeNull()
  })

  it('answers 401 without a bearer key and records no header', async () => {
    const target = emulator()
    const answered = await send(target, { model: GEMINI_FLASH, messages: HELLO }, {})
    expect(answered.status).toBe(401)
    expect(answered.text).toBe('{"error":{"message":"No auth credentials found","code":401}}')
    expect(JSON.stringify(target.traces)).not.toContain('authorization')
  })

  it('never copies the key into a trace', async () => {
    const target = emulator()
    await send(target, { model: GEMINI_FLASH, messages: HELLO }, { authorization: 'Bearer sk-or-v1-secret' })
    expect(JSON.stringify(target.traces)).not.toContain('sk-or-v1-secret')
  })

  it('serves a request without a key when auth is not required', async () => {
    expect(
      (await send(emulator({}, { requireAuth: false }), { model: GEMINI_FLASH, messages: HELLO }, {})).status,
    ).toBe(200)
  })
})

describe('routes', () => {
  it('lists the catalog in the OpenRouter shape without our providers field', async () => {
    const target = emulator()
    const response = await target.handle(new Request('http://127.0.0.1:4010/api/v1/models'))
    const body = (await response.json()) as { data: Array<Record<string, unknown>> }
    expect(response.status).toBe(200)
    expect(body.data.map((m) => m.id)).toEqual(BUILTIN_CATALOG.models.map((m) => m.id))
    expect(body.data[0]).not.toHaveProperty('providers')
    expect(body.data[0]).toMatchObject({ id: GEMINI_FLASH, context_length: 1048576, pricing: { prompt: '0.0000003' } })
  })

  it('answers chat completions on any origin and base path', async () => {
    const target = emulator()
    const response = await target.handle(
      new Request('http://127.0.0.1:4010/v1/chat/completions/', {
        method: 'POST',
        headers: { authorization: 'Bearer x' },
        body: JSON.stringify({ model: GEMINI_FLASH, messages: HELLO }),
      }),
    )
    expect(response.status).toBe(200)
  })

  it('answers 404 JSON for any other path and traces it', async () => {
    const target = emulator()
    const response = await target.handle(
      new Request('https://openrouter.ai/api/v1/embeddings', { method: 'POST', body: '{}' }),
    )
    expect(response.status).toBe(404)
    expect(((await response.json()) as { error: { code: number } }).error.code).toBe(404)
    expect(target.traces.map((t) => t.status)).toEqual([404])
  })
})

describe('options', () => {
  it('defaults to the config schema defaults', () => {
    expect(DEFAULT_EMULATOR_OPTIONS).toEqual(configSchema.parse({}).emulator)
  })

  it('refuses a plan that names an unknown fault before any request', () => {
    expect(() => emulator({ '0': 'rate_limt' })).toThrow('Plan "test" puts an unknown fault "rate_limt" at "0".')
  })
})
