import { readFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { createEmulator } from '../../core/emulator/index.js'
import { catalogFromFile } from '../../schema/catalog.js'
import { pullCatalog, pullEndpointFacts, serializeCatalog } from './index.js'
import { parseCatalogDocument } from './problems.js'
import { json, startLocalRouter, type LocalRouter } from './__fixtures__/local-router.js'

const MODELS = new URL('./__fixtures__/data/models.json', import.meta.url)

/** The router's endpoints of GPT-4.1 mini and Claude Sonnet 4.5 (`{ data: { id, endpoints } }`), trimmed. */
const ENDPOINTS: Record<string, unknown> = {
  '/api/v1/models/openai/gpt-4.1-mini/endpoints': {
    data: {
      id: 'openai/gpt-4.1-mini',
      endpoints: [
        {
          name: 'OpenAI | openai/gpt-4.1-mini',
          provider_name: 'OpenAI',
          tag: 'openai',
          quantization: 'unknown',
          pricing: { prompt: '0.0000004', completion: '0.0000016', request: '0', image: '0' },
          uptime_last_30m: 99.9,
        },
        {
          provider_name: 'Azure',
          tag: 'azure',
          quantization: 'unknown',
          pricing: { prompt: '0.0000004', completion: '0.0000016' },
        },
      ],
    },
  },
  '/api/v1/models/anthropic/claude-sonnet-4.5/endpoints': {
    data: {
      id: 'anthropic/claude-sonnet-4.5',
      endpoints: [
        { provider_name: 'Anthropic', tag: 'anthropic', quantization: null, pricing: { prompt: 'n/a' } },
        { provider_name: 'Google Vertex', tag: 'google-vertex/global', quantization: 'unknown' },
      ],
    },
  },
}
/** The ZDR list names endpoints by the model's permaslug (`model_id`) and the endpoint's tag. */
const ZDR = {
  data: [
    { model_id: 'openai/gpt-4.1-mini-2025-04-14', provider_name: 'Azure', tag: 'azure' },
    { model_id: 'anthropic/claude-4.5-sonnet-20250929', provider_name: 'Google Vertex', tag: 'google-vertex/global' },
  ],
}

let router: LocalRouter | undefined
afterEach(async () => {
  await router?.close()
  router = undefined
})

async function standIn(zdr: 'listed' | 'down' = 'listed'): Promise<LocalRouter> {
  const models = await readFile(MODELS, 'utf8')
  return startLocalRouter((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? ''
    if (path === '/api/v1/models') return json(res, 200, models)
    if (path === '/api/v1/endpoints/zdr')
      return zdr === 'listed' ? json(res, 200, ZDR) : json(res, 503, { error: { message: 'down', code: 503 } })
    const endpoints = ENDPOINTS[path]
    return endpoints ? json(res, 200, endpoints) : json(res, 404, { error: { message: 'Not Found', code: 404 } })
  })
}

describe('pullEndpointFacts', () => {
  it("fetches each model's endpoints and the ZDR list, without a key, and keeps the facts the filters read", async () => {
    router = await standIn()
    const pulled = await pullCatalog({ baseUrl: router.baseUrl })
    const facts = await pullEndpointFacts(pulled, { baseUrl: router.baseUrl, concurrency: 2 })

    expect(router.requests.map((r) => r.path).sort()).toEqual([
      '/api/v1/endpoints/zdr',
      '/api/v1/models',
      '/api/v1/models/anthropic/claude-sonnet-4.5/endpoints',
      '/api/v1/models/gryphe/mythomax-l2-13b:free/endpoints',
      '/api/v1/models/openai/gpt-4.1-mini/endpoints',
    ])
    expect(router.requests.every((r) => r.authorization === undefined)).toBe(true)
    expect(facts).toMatchObject({ withEndpoints: 2, failed: ['gryphe/mythomax-l2-13b:free'], zdrListed: true })

    const byId = (id: string) => facts.catalog.models.find((m) => m.id === id)!
    expect(byId('openai/gpt-4.1-mini').endpoints).toEqual([
      {
        provider_name: 'OpenAI',
        tag: 'openai',
        quantization: 'unknown',
        pricing: { prompt: '0.0000004', completion: '0.0000016', request: '0' },
        zdr: false,
      },
      {
        provider_name: 'Azure',
        tag: 'azure',
        quantization: 'unknown',
        pricing: { prompt: '0.0000004', completion: '0.0000016' },
        zdr: true,
      },
    ])
    // A null quantization and an unreadable price are no facts; a variant tag matches the ZDR list by tag.
    expect(byId('anthropic/claude-sonnet-4.5').endpoints).toEqual([
      { provider_name: 'Anthropic', tag: 'anthropic', zdr: false },
      { provider_name: 'Google Vertex', tag: 'google-vertex/global', quantization: 'unknown', zdr: true },
    ])
    // The model whose endpoints answered 404 keeps no endpoint facts.
    expect(byId('gryphe/mythomax-l2-13b:free').endpoints).toBeUndefined()
  })

  it('leaves ZDR unknown (no zdr field) when the ZDR list cannot be fetched', async () => {
    router = await standIn('down')
    const facts = await pullEndpointFacts(await pullCatalog({ baseUrl: router.baseUrl }), { baseUrl: router.baseUrl })
    expect(facts.zdrListed).toBe(false)
    const endpoints = facts.catalog.models.flatMap((m) => m.endpoints ?? [])
    expect(endpoints.length).toBe(4)
    expect(endpoints.some((e) => 'zdr' in e)).toBe(false)
  })

  it('writes a catalog file that reads back, and the emulator then answers the ZDR 404 from it', async () => {
    router = await standIn()
    const { catalog } = await pullEndpointFacts(await pullCatalog({ baseUrl: router.baseUrl }), {
      baseUrl: router.baseUrl,
    })
    const parsed = parseCatalogDocument(JSON.parse(serializeCatalog(catalog)), 'catalog.json', 'pull again')
    expect(parsed.success).toBe(true)
    const reread = catalogFromFile(parsed.success ? parsed.data : { data: [] }, 'catalog.json')

    const emulator = createEmulator({
      catalog: reread,
      seed: 1,
      plan: { id: 'clean', at: {}, expect: { servedBy: null } },
    })
    const send = (provider: Record<string, unknown>) =>
      emulator.handle(
        new Request('https://openrouter.ai/api/v1/chat/completions', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
          body: JSON.stringify({ model: 'openai/gpt-4.1-mini', messages: [{ role: 'user', content: 'Hi' }], provider }),
        }),
      )
    const served = await send({ zdr: true })
    expect(served.status).toBe(200)
    expect(((await served.json()) as { provider: string }).provider).toBe('Azure')
    const refused = await send({ zdr: true, only: ['openai'] })
    expect(refused.status).toBe(404)
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(
      'No endpoints for openai/gpt-4.1-mini match your data policy (zero data retention). Adjust at https://openrouter.ai/settings/privacy.',
    )
  })
})
