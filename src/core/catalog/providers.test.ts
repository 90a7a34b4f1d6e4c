import { describe, expect, it } from 'vitest'
import { createEmulator } from '../emulator/index.js'
import { lintRequest } from '../lint/index.js'
import type { Catalog, ChatRequest, ProviderPreferences } from '../types.js'
import { BUILTIN_CATALOG } from './builtin.js'
import { providerSlug, providersOf } from './providers.js'

/**
 * Lint and the emulator read one provider table and one routing rule, so lint warns that a step has no
 * provider exactly when the emulator answers that step with a 404. Checked over every model of the
 * built-in catalog, as shipped (with `providers`), as a pulled catalog has it (without), and with
 * per-endpoint facts on every endpoint (ZDR, training, quantization, price), over each provider option
 * and each endpoint filter (core/catalog/endpoints.ts).
 */

const messages: ChatRequest['messages'] = [{ role: 'user', content: 'Say hello.' }]

const builtIn = BUILTIN_CATALOG
const grok = {
  ...BUILTIN_CATALOG.models.find((m) => m.id === 'openai/gpt-4.1-mini')!,
  id: 'x-ai/grok-4',
  canonical_slug: 'x-ai/grok-4',
}
/** A pulled catalog lists no providers; one author (x-ai) is only in the provider table, one (gryphe) in none. */
const pulled: Catalog = {
  source: 'pulled.json',
  models: [
    ...BUILTIN_CATALOG.models.map(({ providers: _providers, endpoints: _endpoints, ...model }) => model),
    { ...grok, providers: undefined, endpoints: undefined },
  ],
}

/** Every endpoint with facts, varied by position so each filter keeps some endpoints of some models and none of others. */
const QUANTIZATIONS = ['fp8', 'bf16', 'unknown']
const withFacts: Catalog = {
  source: 'facts.json',
  models: BUILTIN_CATALOG.models.map((model, m) => ({
    ...model,
    endpoints: providersOf(model).names.map((provider_name, i) => ({
      provider_name,
      zdr: (m + i) % 2 === 0,
      training: (m + i) % 3 === 0,
      quantization: QUANTIZATIONS[(m + i) % 3]!,
      ...(i === 0
        ? {}
        : {
            pricing: { prompt: String(Number(model.pricing.prompt) * (i + 1)), completion: model.pricing.completion },
          }),
    })),
  })),
}

/** The endpoint filters, alone, together and beside an `only` that keeps one provider. */
function endpointFilterSets(providers: readonly string[]): ProviderPreferences[] {
  const filters: ProviderPreferences[] = [
    { zdr: true },
    { data_collection: 'deny' },
    { data_collection: 'allow' },
    { zdr: true, data_collection: 'deny' },
    ...['fp8', 'bf16', 'unknown', 'int4'].map((q) => ({ quantizations: [q] })),
    { quantizations: ['fp8', 'unknown'] },
    ...[0.05, 0.3, 1, 2, 5].flatMap((usd) => [
      { max_price: { prompt: usd } },
      { max_price: { completion: String(usd) } },
    ]),
    { max_price: { request: 0 } },
    { sort: 'price', allow_fallbacks: false },
    { sort: { by: 'throughput' }, zdr: true },
  ]
  const one = providers.map((p) => ({ only: [providerSlug(p)] }))
  return [...filters, ...one.flatMap((only) => filters.map((f) => ({ ...only, ...f })))]
}

/** Every provider slug either catalog can produce, an endpoint variant of two, and one nobody serves. */
function slugsOf(catalog: Catalog): string[] {
  const all = catalog.models.flatMap((m) => providersOf(m).names.map(providerSlug))
  return [...new Set([...all, 'google-vertex/us-east5', 'deepinfra/turbo', 'nobody'])]
}

function optionSets(catalog: Catalog, providers: readonly string[]): ProviderPreferences[] {
  const sets: ProviderPreferences[] = [
    { allow_fallbacks: false },
    { ignore: providers.map(providerSlug) },
    { ignore: providers.map(providerSlug), allow_fallbacks: false },
  ]
  sets.push(...endpointFilterSets(providers))
  for (const slug of slugsOf(catalog)) {
    for (const allow of [undefined, false, true]) {
      const fallbacks = allow === undefined ? {} : { allow_fallbacks: allow }
      sets.push({ order: [slug], ...fallbacks }, { only: [slug], ...fallbacks }, { ignore: [slug], ...fallbacks })
    }
  }
  return sets
}

async function emulatorStatus(catalog: Catalog, request: ChatRequest): Promise<number> {
  return (await emulatorAnswer(catalog, request)).status
}

async function emulatorAnswer(catalog: Catalog, request: ChatRequest): Promise<Response> {
  const emulator = createEmulator({
    catalog,
    seed: 1,
    now: () => 1_790_000_000,
    plan: { id: 'clean', at: {}, expect: { servedBy: null } },
  })
  const response = await emulator.handle(
    new Request('https://openrouter.ai/api/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
      body: JSON.stringify(request),
    }),
  )
  return response
}

describe.each([
  ['the built-in catalog', builtIn],
  ['the built-in catalog without its providers field (a pulled catalog)', pulled],
  ['the built-in catalog with facts on every endpoint', withFacts],
])('lint and the emulator agree on provider preferences over %s', (_name, catalog) => {
  it.each(catalog.models.map((m) => m.id))('%s', async (id) => {
    const model = catalog.models.find((m) => m.id === id)!
    const disagreements: string[] = []
    let refused = 0
    for (const provider of optionSets(catalog, providersOf(model).names)) {
      const request: ChatRequest = { model: id, messages, provider }
      const status = await emulatorStatus(catalog, request)
      expect([200, 404], JSON.stringify(provider)).toContain(status)
      const warned = lintRequest(request, catalog).some(
        (f) => f.rule === 'provider-order' && f.severity === 'warning' && f.step === 0,
      )
      if (status === 404) refused++
      if (warned !== (status === 404))
        disagreements.push(`${JSON.stringify(provider)}: emulator ${status}, lint ${warned ? 'warns' : 'silent'}`)
    }
    expect(disagreements).toEqual([])
    // The options do reach both outcomes for every model, so the agreement is not vacuous.
    expect(refused).toBeGreaterThan(0)
  })
})

describe('the endpoint filters over a catalog with facts on every endpoint', () => {
  it('each filter empties some model, with its own availability code and excluded_by', async () => {
    const seen = new Map<string, string>()
    for (const model of withFacts.models)
      for (const provider of endpointFilterSets(providersOf(model).names)) {
        const response = await emulatorAnswer(withFacts, { model: model.id, messages, provider })
        if (response.status !== 404) continue
        const { availability } = ((await response.json()) as { error: { availability: Record<string, unknown> } }).error
        const excluded = availability.excluded_by as string[]
        seen.set(excluded[excluded.length - 1]!, availability.code as string)
      }
    expect(Object.fromEntries(seen)).toEqual({
      'data_policy:zdr': 'privacy_restricted',
      'data_policy:training': 'privacy_restricted',
      quantization: 'constraint_filtered',
      max_price: 'constraint_filtered',
    })
  })
})

describe('the provider preferences of a model the catalog lists no providers for', () => {
  it('serves x-ai/grok-4 from xAI under order: [xai] and allow_fallbacks: false, and lint says nothing', async () => {
    const request: ChatRequest = {
      model: 'x-ai/grok-4',
      messages,
      provider: { order: ['xai'], allow_fallbacks: false },
    }
    expect(await emulatorStatus(pulled, request)).toBe(200)
    expect(lintRequest(request, pulled).filter((f) => f.rule === 'provider-order')).toEqual([])
  })

  it('refuses a model whose providers nobody knows when order names another, and lint says the provider was assumed', async () => {
    const request: ChatRequest = {
      model: 'gryphe/mythomax-l2-13b:free',
      messages,
      provider: { order: ['deepinfra'], allow_fallbacks: false },
    }
    expect(await emulatorStatus(pulled, request)).toBe(404)
    const [finding] = lintRequest(request, pulled).filter((f) => f.rule === 'provider-order')
    expect(finding).toMatchObject({ severity: 'warning', path: 'request.provider.order', step: 0 })
    expect(finding!.message).toContain(
      'Gryphe, a name the emulator assumes because the catalog lists no providers for it',
    )
  })

  it('matches every endpoint of a provider by its base slug, and a provider by one of its endpoints', async () => {
    const strict = (model: string, order: string[]): ChatRequest => ({
      model,
      messages,
      provider: { order, allow_fallbacks: false },
    })
    expect(await emulatorStatus(builtIn, strict('google/gemini-2.5-flash', ['google-vertex']))).toBe(200)
    expect(await emulatorStatus(builtIn, strict('meta-llama/llama-3.3-70b-instruct', ['deepinfra/turbo']))).toBe(200)
    expect(await emulatorStatus(builtIn, strict('google/gemini-2.5-flash', ['deepinfra/turbo']))).toBe(404)
    expect(
      lintRequest(strict('google/gemini-2.5-flash', ['deepinfra/turbo']), builtIn).some(
        (f) => f.rule === 'provider-order' && f.severity === 'warning',
      ),
    ).toBe(true)
  })
})
