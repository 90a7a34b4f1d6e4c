import type { Catalog, CatalogModel } from '../../core/types.js'
import { OPENROUTER_BASE_URL } from '../../core/router-url.js'
import { MAX_UPSTREAM_BODY_BYTES } from '../../schema/limits.js'
import { readTextCapped } from '../http/read-capped.js'
import { mapConcurrent } from '../../util/map-concurrent.js'

type CatalogEndpoint = NonNullable<CatalogModel['endpoints']>[number]

export interface PullEndpointsOptions {
  /** The router's API base (default `https://openrouter.ai/api/v1`). */
  baseUrl?: string
  fetch?: typeof globalThis.fetch
  /** Requests in flight at once (default 8): a full list is a few hundred models. */
  concurrency?: number
  /** Per request; default 30 seconds. */
  timeoutMs?: number
}

export interface PulledEndpoints {
  catalog: Catalog
  /** Models whose endpoints were fetched and written. */
  withEndpoints: number
  /** Models whose endpoints could not be fetched: they keep no endpoint facts. */
  failed: string[]
  /** Whether the ZDR list was fetched, so every written endpoint says `zdr: true` or `false`. */
  zdrListed: boolean
}

/**
 * Adds per-endpoint facts to a pulled catalog (docs/router-behaviour.md §6.2): for each model,
 * `GET <base>/models/<id>/endpoints` gives each endpoint's `provider_name`, `tag`, `quantization` and
 * `pricing`; one `GET <base>/endpoints/zdr` says which endpoints retain no data. No API key is sent.
 * The router publishes no per-endpoint training policy, so `training` stays unknown. A model whose
 * endpoints cannot be fetched keeps none (the provider filters then cannot remove its endpoints); the
 * caller reports it. Nothing here throws for a router failure: the model list alone is a usable catalog.
 *
 * @example
 * ```ts
 * const { catalog } = await pullEndpointFacts(await pullCatalog({ baseUrl }), { baseUrl })
 * ```
 */
export async function pullEndpointFacts(
  catalog: Catalog,
  options: PullEndpointsOptions = {},
): Promise<PulledEndpoints> {
  const base = (options.baseUrl ?? OPENROUTER_BASE_URL).replace(/\/+$/, '')
  const get = (path: string) => getJson(`${base}${path}`, options)

  const zdr = await get('/endpoints/zdr')
    .then(zdrKeys)
    .catch(() => undefined)
  const failed: string[] = []
  const models = await mapConcurrent(catalog.models, options.concurrency ?? 8, async (model) => {
    const endpoints = await get(`/models/${modelPath(model.id)}/endpoints`)
      .then(endpointsOf)
      .catch(() => undefined)
    if (endpoints === undefined) {
      failed.push(model.id)
      return model
    }
    const withZdr = zdr === undefined ? endpoints : endpoints.map((e) => ({ ...e, zdr: isZdr(zdr, model, e) }))
    return { ...model, endpoints: withZdr }
  })
  return {
    catalog: { ...catalog, models },
    withEndpoints: models.length - failed.length,
    failed: failed.sort(),
    zdrListed: zdr !== undefined,
  }
}

/** `author/slug:variant` as a path, each segment escaped but the variant's colon kept (the router's own links keep it). */
function modelPath(id: string): string {
  return id
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%3A/gi, ':'))
    .join('/')
}

async function getJson(url: string, options: PullEndpointsOptions): Promise<unknown> {
  const fetch = options.fetch ?? globalThis.fetch
  const response = await fetch(url, {
    headers: { accept: 'application/json' },
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  })
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined)
    throw new Error(`HTTP ${response.status}`)
  }
  return JSON.parse(await readTextCapped(response, MAX_UPSTREAM_BODY_BYTES)) as unknown
}

/** The endpoints of `{ data: { endpoints: [...] } }`, keeping the facts the provider filters read. */
function endpointsOf(body: unknown): CatalogEndpoint[] {
  const list = record(record(body)?.data)?.endpoints
  if (!Array.isArray(list)) throw new Error('no endpoints list')
  const endpoints: CatalogEndpoint[] = []
  for (const item of list) {
    const e = record(item)
    if (e === undefined || typeof e.provider_name !== 'string' || e.provider_name === '') continue
    const endpoint: CatalogEndpoint = { provider_name: e.provider_name }
    if (typeof e.tag === 'string') endpoint.tag = e.tag
    if (typeof e.quantization === 'string') endpoint.quantization = e.quantization
    const pricing = pricingOf(e.pricing)
    if (pricing !== undefined) endpoint.pricing = pricing
    endpoints.push(endpoint)
  }
  return endpoints
}

/** Prompt, completion and request prices when each is a price the catalog schema accepts; else none. */
function pricingOf(value: unknown): CatalogEndpoint['pricing'] {
  const p = record(value)
  if (p === undefined) return undefined
  const price = (v: unknown) => {
    const text = typeof v === 'number' ? String(v) : v
    if (typeof text !== 'string' || text.trim() === '') return undefined
    const n = Number(text)
    return Number.isFinite(n) && (n >= 0 || n === -1) ? text : undefined
  }
  const prompt = price(p.prompt)
  const completion = price(p.completion)
  if (prompt === undefined || completion === undefined) return undefined
  const request = price(p.request)
  return request === undefined ? { prompt, completion } : { prompt, completion, request }
}

/** `model|tag` and `model|provider` keys of the ZDR list (`{ data: PublicEndpoint[] }`, `model_id` being the permaslug). */
function zdrKeys(body: unknown): Set<string> {
  const list = record(body)?.data
  // An answer that is a list but not of endpoints (a server answering its model list everywhere) is no ZDR list.
  if (!Array.isArray(list) || (list.length > 0 && !list.some((e) => typeof record(e)?.model_id === 'string')))
    throw new Error('no ZDR list')
  const keys = new Set<string>()
  for (const item of list) {
    const e = record(item)
    if (e === undefined || typeof e.model_id !== 'string') continue
    if (typeof e.tag === 'string') keys.add(`${e.model_id}|tag:${e.tag}`)
    else if (typeof e.provider_name === 'string') keys.add(`${e.model_id}|provider:${e.provider_name}`)
  }
  return keys
}

function isZdr(keys: Set<string>, model: CatalogModel, endpoint: CatalogEndpoint): boolean {
  const ids = [model.id, model.canonical_slug].filter((id): id is string => typeof id === 'string')
  return ids.some(
    (id) =>
      (endpoint.tag !== undefined && keys.has(`${id}|tag:${endpoint.tag}`)) ||
      keys.has(`${id}|provider:${endpoint.provider_name}`),
  )
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}
