import { describe, expect, it } from 'vitest'
import { BUILTIN_CATALOG } from '../catalog/builtin.js'
import { emulator, GEMINI_FLASH, GPT_41_MINI, HELLO, send, SONNET } from './test-support.js'

describe('provider-level fallback', () => {
  it("tries the model's next provider when one is rate-limited", async () => {
    const target = emulator({ [`${GEMINI_FLASH}@Google Vertex`]: 'rate_limit' })
    const answered = await send(target, { models: [GEMINI_FLASH, GPT_41_MINI], messages: HELLO })
    expect(answered.body).toMatchObject({ model: GEMINI_FLASH, provider: 'Google AI Studio' })
    expect(target.traces[0]?.attempts.map((a) => [a.step, a.provider, a.fault, a.status])).toEqual([
      [0, 'Google Vertex', 'rate_limit', 429],
      [0, 'Google AI Studio', null, 200],
    ])
  })

  it('moves to the next model when allow_fallbacks is false', async () => {
    const target = emulator({ [`${GEMINI_FLASH}@Google Vertex`]: 'rate_limit' })
    const answered = await send(target, {
      models: [GEMINI_FLASH, GPT_41_MINI],
      messages: HELLO,
      provider: { allow_fallbacks: false },
    })
    expect(answered.body.model).toBe(GPT_41_MINI)
    expect(target.traces[0]?.attempts.map((a) => a.provider)).toEqual(['Google Vertex', 'OpenAI'])
  })

  it('moves to the next model after a provider flags the input, without trying other providers', async () => {
    const target = emulator({ [`${SONNET}@anthropic`]: 'moderation' })
    const answered = await send(target, { models: [SONNET, GEMINI_FLASH], messages: HELLO })
    expect(answered.body.model).toBe(GEMINI_FLASH)
    expect(target.traces[0]?.attempts.map((a) => [a.provider, a.status])).toEqual([
      ['Anthropic', 403],
      ['Google Vertex', 200],
    ])
  })

  it('moves to the next model once every provider of a model has failed', async () => {
    const target = emulator({
      [`${SONNET}@Anthropic`]: 'rate_limit',
      '0@amazon-bedrock': 'timeout',
      [`${SONNET}@Google Vertex`]: 'downtime',
    })
    const answered = await send(target, { models: [SONNET, GPT_41_MINI], messages: HELLO })
    expect(answered.body.model).toBe(GPT_41_MINI)
    expect(target.traces[0]?.attempts.map((a) => [a.provider, a.status])).toEqual([
      ['Anthropic', 429],
      ['Amazon Bedrock', 504],
      ['Google Vertex', 503],
      ['OpenAI', 200],
    ])
  })

  it('lists every provider attempt in previous_errors when nothing serves', async () => {
    const answered = await send(
      emulator({ [`${GEMINI_FLASH}@Google Vertex`]: 'rate_limit', [`${GEMINI_FLASH}@Google AI Studio`]: 'downtime' }),
      {
        model: GEMINI_FLASH,
        messages: HELLO,
      },
    )
    expect(answered.status).toBe(503)
    expect(answered.body.error.metadata.provider_name).toBe('Google AI Studio')
    expect(answered.body.error.metadata.previous_errors).toEqual([
      { provider: 'Google Vertex', model: GEMINI_FLASH, code: 'rate_limit_exceeded', status: 429 },
    ])
  })
})

describe('provider preferences', () => {
  it('tries provider.order first, matching routing slugs', async () => {
    const answered = await send(emulator(), {
      model: GEMINI_FLASH,
      messages: HELLO,
      provider: { order: ['google-ai-studio'] },
    })
    expect(answered.body.provider).toBe('Google AI Studio')
  })

  it('falls back from the ordered provider to the others unless fallbacks are off', async () => {
    const at = { [`${GEMINI_FLASH}@Google AI Studio`]: 'rate_limit' }
    const allowed = await send(emulator(at), {
      model: GEMINI_FLASH,
      messages: HELLO,
      provider: { order: ['google-ai-studio'] },
    })
    expect(allowed.body.provider).toBe('Google Vertex')
    const strict = await send(emulator(at), {
      model: GEMINI_FLASH,
      messages: HELLO,
      provider: { order: ['google-ai-studio'], allow_fallbacks: false },
    })
    expect(strict.status).toBe(429)
  })

  it('keeps only the providers in provider.only and skips those in provider.ignore', async () => {
    expect(
      (await send(emulator(), { model: GPT_41_MINI, messages: HELLO, provider: { only: ['azure'] } })).body.provider,
    ).toBe('Azure')
    expect(
      (await send(emulator(), { model: GPT_41_MINI, messages: HELLO, provider: { ignore: ['OpenAI'] } })).body.provider,
    ).toBe('Azure')
  })

  it('answers 404 for a model none of whose providers is allowed, and falls back', async () => {
    const target = emulator()
    const alone = await send(target, { model: GPT_41_MINI, messages: HELLO, provider: { only: ['google-vertex'] } })
    expect(alone.status).toBe(404)
    expect(alone.body.error.message).toBe(
      "No allowed providers are available for the selected model. Providers serving openai/gpt-4.1-mini: openai, azure, but your request's provider.only preference permits only: google-vertex.",
    )
    const cascade = await send(target, {
      models: [GPT_41_MINI, GEMINI_FLASH],
      messages: HELLO,
      provider: { only: ['google-vertex'] },
    })
    expect(cascade.body).toMatchObject({ model: GEMINI_FLASH, provider: 'Google Vertex' })
    expect(target.traces[1]?.attempts[0]).toMatchObject({ fault: 'no_endpoint', natural: true, status: 404 })
  })
})

describe('provider filters over per-endpoint facts (docs/router-behaviour.md §1.6)', () => {
  const MISTRAL = 'mistralai/mistral-small-3.2-24b-instruct'
  /** The built-in catalog with data-policy and price facts on Mistral Small's two endpoints. */
  const catalog = {
    ...BUILTIN_CATALOG,
    models: BUILTIN_CATALOG.models.map((m) =>
      m.id === MISTRAL
        ? {
            ...m,
            endpoints: [
              { provider_name: 'Mistral', zdr: false, training: true },
              {
                provider_name: 'DeepInfra',
                zdr: false,
                training: false,
                pricing: { prompt: '0.00000005', completion: '0.0000001' },
              },
            ],
          }
        : m,
    ),
  }

  it('answers the documented data-policy 404 when zdr leaves no endpoint, and the router moves on to the next model', async () => {
    const target = emulator({}, { catalog })
    const alone = await send(target, { model: MISTRAL, messages: HELLO, provider: { zdr: true } })
    expect(alone.status).toBe(404)
    expect(alone.body.error).toMatchObject({
      code: 404,
      message:
        'No endpoints for mistralai/mistral-small-3.2-24b-instruct match your data policy (zero data retention). Adjust at https://openrouter.ai/settings/privacy.',
      availability: { code: 'privacy_restricted', retryable: false, excluded_by: ['data_policy:zdr'] },
    })
    // Gemini's endpoints have no ZDR fact in the built-in catalog, so the filter cannot remove them.
    const cascade = await send(target, { models: [MISTRAL, GEMINI_FLASH], messages: HELLO, provider: { zdr: true } })
    expect(cascade.body).toMatchObject({ model: GEMINI_FLASH, provider: 'Google Vertex' })
    expect(target.traces[1]?.attempts.map((a) => [a.model, a.fault, a.status])).toEqual([
      [MISTRAL, 'no_endpoint', 404],
      [GEMINI_FLASH, null, 200],
    ])
  })

  it('serves from the endpoint that passes data_collection "deny", and sort "price" picks the cheapest', async () => {
    const denied = await send(emulator({}, { catalog }), {
      model: MISTRAL,
      messages: HELLO,
      provider: { data_collection: 'deny' },
    })
    expect(denied.body.provider).toBe('DeepInfra')
    // Billed at DeepInfra's own price ($0.05 / $0.10 per million tokens), not the model's ($0.06 / $0.18).
    const { prompt_tokens, completion_tokens, cost } = denied.body.usage
    expect(cost).toBeCloseTo(prompt_tokens * 0.00000005 + completion_tokens * 0.0000001, 12)
    const cheapest = await send(emulator({}, { catalog }), {
      model: MISTRAL,
      messages: HELLO,
      provider: { sort: 'price' },
    })
    expect(cheapest.body.provider).toBe('DeepInfra')
  })

  it("answers 404 constraint_filtered for max_price under the model's price (USD per million tokens), and quantizations on a closed model", async () => {
    // GPT-4.1 mini costs $0.40 / $1.60 per million tokens.
    const cheap = await send(emulator(), {
      model: GPT_41_MINI,
      messages: HELLO,
      provider: { max_price: { prompt: 0.39 } },
    })
    expect(cheap.status).toBe(404)
    expect(cheap.body.error.availability).toMatchObject({ code: 'constraint_filtered', excluded_by: ['max_price'] })
    const enough = await send(emulator(), {
      model: GPT_41_MINI,
      messages: HELLO,
      provider: { max_price: { prompt: 0.4, completion: 1.6 } },
    })
    expect(enough.status).toBe(200)
    const fp8 = await send(emulator(), { model: GPT_41_MINI, messages: HELLO, provider: { quantizations: ['fp8'] } })
    expect(fp8.status).toBe(404)
    expect(fp8.body.error.message).toBe(
      "No allowed providers are available for the selected model. Providers serving openai/gpt-4.1-mini: openai, azure, but your request's provider.quantizations preference permits only: fp8.",
    )
    expect(fp8.body.error.availability.excluded_by).toEqual(['quantization'])
  })

  it('accepts every filter with no effect under the providerFilters "ignore" option', async () => {
    const target = emulator({}, { catalog, options: { providerFilters: 'ignore' } })
    const answered = await send(target, {
      model: MISTRAL,
      messages: HELLO,
      provider: { zdr: true, max_price: { prompt: 0 }, quantizations: ['int4'], sort: 'price' },
    })
    expect(answered.status).toBe(200)
    expect(answered.body.provider).toBe('Mistral')
  })
})
