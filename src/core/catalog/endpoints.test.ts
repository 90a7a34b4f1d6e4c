import { describe, expect, it } from 'vitest'
import type { CatalogModel } from '../types.js'
import { BUILTIN_CATALOG } from './builtin.js'
import { findModel } from './lookup.js'
import { routeProviders } from './providers.js'

/** Llama 3.3 70B ($0.13 / $0.39 per million tokens) with per-endpoint facts on two of its three providers. */
const base = findModel(BUILTIN_CATALOG, 'meta-llama/llama-3.3-70b-instruct')!
const llama: CatalogModel = {
  ...base,
  endpoints: [
    {
      provider_name: 'DeepInfra',
      quantization: 'fp8',
      zdr: false,
      training: false,
      pricing: { prompt: '0.0000002', completion: '0.0000006' },
    },
    { provider_name: 'Together', quantization: 'bf16', zdr: true, training: true },
    // Fireworks: no facts at all.
  ],
}
const route = (provider: Record<string, unknown>, model: CatalogModel = llama, id = model.id) =>
  routeProviders(model, id, provider)

describe('max_price: USD per million tokens in the request, USD per token in the catalog', () => {
  it("keeps an endpoint priced exactly at the limit despite float noise, and drops one a cent above (the model's price)", () => {
    // 0.00000013 × 1e6 is not exactly 0.13 in floating point.
    expect(route({ max_price: { prompt: 0.13 }, only: ['together'] })).toEqual({ ok: true, providers: ['Together'] })
    expect(route({ max_price: { prompt: 0.12 }, only: ['together'] })).toMatchObject({
      ok: false,
      filter: 'max_price',
      code: 'constraint_filtered',
      excludedBy: ['allowed_providers', 'max_price'],
    })
  })

  it("reads an endpoint's own pricing before the model's, and accepts prices written as strings", () => {
    // DeepInfra's own prompt price is $0.20/M; Together and Fireworks fall back to the model's $0.13/M.
    expect(route({ max_price: { prompt: '0.15' } })).toEqual({ ok: true, providers: ['Together', 'Fireworks'] })
    expect(route({ max_price: { completion: 0.5 } })).toEqual({ ok: true, providers: ['Together', 'Fireworks'] })
    expect(route({ max_price: { prompt: 0.2, completion: 0.6 } })).toEqual({
      ok: true,
      providers: ['DeepInfra', 'Together', 'Fireworks'],
    })
  })

  it('compares the per-request price without scaling, and never limits a :free variant', () => {
    const perRequest: CatalogModel = { ...base, endpoints: [], pricing: { ...base.pricing, request: '0.005' } }
    expect(route({ max_price: { request: 0.004 } }, perRequest)).toMatchObject({ ok: false, filter: 'max_price' })
    expect(route({ max_price: { request: 0.005 } }, perRequest)).toMatchObject({ ok: true })
    const free = findModel(BUILTIN_CATALOG, 'gryphe/mythomax-l2-13b:free')!
    expect(route({ max_price: { prompt: 0, completion: 0 } }, free)).toMatchObject({ ok: true })
  })

  it('names the limit in the 404 message', () => {
    const refused = route({ max_price: { prompt: 0.01, request: 0 } })
    expect(refused).toMatchObject({ ok: false, excludedBy: ['max_price'] })
    expect(!refused.ok && refused.message).toBe(
      "No allowed providers are available for the selected model. Providers serving meta-llama/llama-3.3-70b-instruct: deepinfra, together, fireworks, but your request's provider.max_price preference permits at most: prompt $0.01/M tokens, request $0.",
    )
  })
})

describe('data policy and quantization filters', () => {
  it('zdr removes endpoints the catalog marks as not ZDR; one with no fact stays', () => {
    expect(route({ zdr: true })).toEqual({ ok: true, providers: ['Together', 'Fireworks'] })
    const refused = route({ zdr: true, only: ['deepinfra'] })
    expect(refused).toEqual({
      ok: false,
      filter: 'zdr',
      code: 'privacy_restricted',
      excludedBy: ['allowed_providers', 'data_policy:zdr'],
      message:
        'No endpoints for meta-llama/llama-3.3-70b-instruct match your data policy (zero data retention). Adjust at https://openrouter.ai/settings/privacy.',
    })
  })

  it('data_collection "deny" removes endpoints that train on prompts; "allow" removes nothing', () => {
    expect(route({ data_collection: 'deny' })).toEqual({ ok: true, providers: ['DeepInfra', 'Fireworks'] })
    expect(route({ data_collection: 'allow', only: ['together'] })).toEqual({ ok: true, providers: ['Together'] })
    expect(route({ data_collection: 'deny', only: ['together'] })).toMatchObject({
      ok: false,
      code: 'privacy_restricted',
      excludedBy: ['allowed_providers', 'data_policy:training'],
      message:
        'No endpoints for meta-llama/llama-3.3-70b-instruct match your data policy (Paid model training). Adjust at https://openrouter.ai/settings/privacy.',
    })
  })

  it("quantizations keeps the listed ones; a closed model's `unknown` is excluded unless listed", () => {
    expect(route({ quantizations: ['fp8'] })).toEqual({ ok: true, providers: ['DeepInfra', 'Fireworks'] })
    const gpt = findModel(BUILTIN_CATALOG, 'openai/gpt-4.1-mini')!
    expect(route({ quantizations: ['fp8', 'bf16'] }, gpt)).toMatchObject({
      ok: false,
      filter: 'quantizations',
      code: 'constraint_filtered',
      excludedBy: ['quantization'],
    })
    expect(route({ quantizations: ['unknown'] }, gpt)).toEqual({ ok: true, providers: ['OpenAI', 'Azure'] })
  })

  it('names every filter that removed an endpoint, in funnel order, and the last one as the cause', () => {
    const refused = route({ zdr: true, quantizations: ['fp8'], max_price: { prompt: 0.1 } })
    expect(refused).toMatchObject({
      ok: false,
      filter: 'max_price',
      excludedBy: ['data_policy:zdr', 'quantization', 'max_price'],
    })
  })

  it('under providerFilters "ignore" no endpoint filter applies and sort does not reorder', () => {
    const all = { ok: true, providers: ['DeepInfra', 'Together', 'Fireworks'] }
    expect(routeProviders(llama, llama.id, { zdr: true, only: ['deepinfra'] }, 'ignore')).toEqual({
      ok: true,
      providers: ['DeepInfra'],
    })
    expect(routeProviders(llama, llama.id, { max_price: { prompt: 0 }, sort: 'price' }, 'ignore')).toEqual(all)
  })
})

describe('a provider with several endpoints (deepinfra, deepinfra/turbo)', () => {
  const variants: CatalogModel = {
    ...base,
    endpoints: [
      { provider_name: 'DeepInfra', tag: 'deepinfra/turbo', quantization: 'fp8', zdr: false },
      { provider_name: 'DeepInfra', tag: 'deepinfra', quantization: 'bf16', zdr: true },
    ],
  }
  it('stays while one of its endpoints passes, and is removed when none does', () => {
    const only = { only: ['deepinfra'] }
    expect(route({ ...only, quantizations: ['bf16'] }, variants)).toEqual({ ok: true, providers: ['DeepInfra'] })
    expect(route({ ...only, zdr: true, quantizations: ['fp8'] }, variants)).toMatchObject({
      ok: false,
      filter: 'quantizations',
      excludedBy: ['allowed_providers', 'data_policy:zdr', 'quantization'],
    })
  })
})

describe('sort', () => {
  it('price puts the cheapest endpoint first (ties in catalog order), and never empties the set', () => {
    expect(route({ sort: 'price' })).toEqual({ ok: true, providers: ['Together', 'Fireworks', 'DeepInfra'] })
    expect(route({ sort: { by: 'price', partition: 'model' } })).toEqual({
      ok: true,
      providers: ['Together', 'Fireworks', 'DeepInfra'],
    })
    expect(route({ sort: 'price', allow_fallbacks: false })).toEqual({ ok: true, providers: ['Together'] })
    // No throughput or latency facts: the order stays.
    expect(route({ sort: 'throughput' })).toEqual({ ok: true, providers: ['DeepInfra', 'Together', 'Fireworks'] })
  })
})
