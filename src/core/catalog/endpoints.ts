import type { CatalogModel, ProviderPreferences } from '../types.js'
import { isFreeModel } from './lookup.js'

/**
 * The provider filters that read per-endpoint facts (docs/router-behaviour.md §1.3, §1.6): `zdr`,
 * `data_collection`, `quantizations` and `max_price` remove endpoints before any call; `sort` only orders
 * them. One definition, which `routeProviders` (providers.ts) applies for the emulator and lint alike.
 *
 * A fact the catalog does not state never removes an endpoint: the built-in catalog knows few of them
 * and a pulled one may lack some, and a filter that guessed would answer 404 where the router serves
 * (src/core/emulator/README.md, "Provider filters").
 */

/** One endpoint's facts in the catalog (schema/catalog.ts): the router's endpoint fields plus our `zdr` and `training`. */
export type CatalogEndpoint = NonNullable<CatalogModel['endpoints']>[number]

/** The filters, in the order the router's candidate funnel applies them (data policy, then quantization, then price). */
export type EndpointFilter = 'zdr' | 'data_collection' | 'quantizations' | 'max_price'
const FILTERS: readonly EndpointFilter[] = ['zdr', 'data_collection', 'quantizations', 'max_price']

/** Each filter's name in `error.availability.excluded_by` (the docs' vocabulary, docs/router-behaviour.md §1.6). */
const EXCLUDED_BY: Record<EndpointFilter, string> = {
  zdr: 'data_policy:zdr',
  data_collection: 'data_policy:training',
  quantizations: 'quantization',
  max_price: 'max_price',
}

/** `max_price` is in USD per million tokens (prompt, completion) and per request; catalog prices are USD per token. */
const MAX_PRICE_SCALE: ReadonlyArray<readonly ['prompt' | 'completion' | 'request', number]> = [
  ['prompt', 1_000_000],
  ['completion', 1_000_000],
  ['request', 1],
]

/**
 * The catalog's endpoints of a provider (by display name, any case): usually one, several when the
 * provider serves variants (`deepinfra`, `deepinfra/turbo`); none when the catalog states no facts.
 */
export function endpointsOf(model: CatalogModel, provider: string): CatalogEndpoint[] {
  const wanted = provider.trim().toLowerCase()
  return (model.endpoints ?? []).filter((e) => e.provider_name.trim().toLowerCase() === wanted)
}

/**
 * Applies the endpoint filters in order to a model's providers. Returns the providers left, the
 * `excluded_by` names of the filters that removed any, and the filter that removed the last one (when
 * none is left).
 */
export function filterEndpoints(
  model: CatalogModel,
  modelId: string,
  providers: readonly string[],
  preferences: ProviderPreferences,
): { providers: readonly string[]; excludedBy: string[]; emptiedBy: EndpointFilter | null } {
  // Every endpoint of the providers still allowed; a provider without endpoint facts is one endpoint
  // with no facts, which only the model's own price can remove.
  let left = providers.flatMap((provider) => {
    const endpoints = endpointsOf(model, provider)
    return (endpoints.length > 0 ? endpoints : [{ provider_name: provider }]).map((endpoint) => ({
      provider,
      endpoint,
    }))
  })
  const excludedBy: string[] = []
  for (const filter of FILTERS) {
    const kept = left.filter(({ endpoint }) => !excludes(filter, model, modelId, endpoint, preferences))
    if (kept.length < left.length) excludedBy.push(EXCLUDED_BY[filter])
    left = kept
    if (left.length === 0) return { providers: [], excludedBy, emptiedBy: filter }
  }
  // A provider stays while one of its endpoints does.
  return { providers: providers.filter((p) => left.some((e) => e.provider === p)), excludedBy, emptiedBy: null }
}

/** Whether the request sets this data-policy or quantization filter (lint reports one the catalog cannot check). */
export function isFilterSet(
  filter: 'zdr' | 'data_collection' | 'quantizations',
  preferences: ProviderPreferences,
): boolean {
  switch (filter) {
    case 'zdr':
      return preferences.zdr === true
    case 'data_collection':
      return preferences.data_collection === 'deny'
    case 'quantizations':
      return preferenceNames(preferences.quantizations).length > 0
  }
}

function excludes(
  filter: EndpointFilter,
  model: CatalogModel,
  modelId: string,
  endpoint: CatalogEndpoint,
  preferences: ProviderPreferences,
): boolean {
  switch (filter) {
    case 'zdr':
      return isFilterSet(filter, preferences) && endpoint.zdr === false
    case 'data_collection':
      return isFilterSet(filter, preferences) && endpoint.training === true
    case 'quantizations': {
      const wanted = preferenceNames(preferences.quantizations).map((q) => q.toLowerCase())
      const quantization = endpoint.quantization
      return wanted.length > 0 && typeof quantization === 'string' && !wanted.includes(quantization.toLowerCase())
    }
    case 'max_price':
      return overMaxPrice(model, modelId, endpoint, preferences.max_price)
  }
}

/**
 * Whether an endpoint costs more than `max_price` allows, on any field the request limits: the endpoint's
 * own pricing, else the model's. A `:free` variant costs nothing; a variable price (`-1`) is no fact.
 */
function overMaxPrice(model: CatalogModel, modelId: string, endpoint: CatalogEndpoint, maxPrice: unknown): boolean {
  if (typeof maxPrice !== 'object' || maxPrice === null || isFreeModel(modelId)) return false
  const limits = maxPrice as Record<string, unknown>
  const pricing: Record<string, unknown> = endpoint.pricing ?? model.pricing
  for (const [field, scale] of MAX_PRICE_SCALE) {
    const limit = amount(limits[field])
    const price = amount(pricing[field])
    if (limit === undefined || price === undefined || price < 0) continue
    // Per-token strings times a million carry float noise (0.0000003 × 1e6 = 0.29999999999999993): compare with a tolerance.
    if (price * scale > limit + 1e-9 * Math.max(1, limit)) return true
  }
  return false
}

/**
 * What serving a model through a provider costs, per token: the provider's endpoint's own pricing when
 * the catalog states one (the cheapest, for a provider with several), else the model's. The emulator
 * bills a served answer at it, as the router bills the endpoint that served.
 */
export function pricingAt(model: CatalogModel, provider: string): CatalogModel['pricing'] {
  const priced = endpointsOf(model, provider).flatMap((e) => (e.pricing === undefined ? [] : [e.pricing]))
  if (priced.length === 0) return model.pricing
  const total = (p: Record<string, unknown>) => (amount(p.prompt) ?? 0) + (amount(p.completion) ?? 0)
  return priced.reduce((cheapest, p) => (total(p) < total(cheapest) ? p : cheapest))
}

/**
 * `sort` orders, never removes (docs/router-behaviour.md §1.3): `price` (or `{ by: "price" }`) puts the
 * cheapest endpoint first, prompt plus completion price, ties kept in catalog order. The catalog has no
 * throughput or latency, so the other keys leave the order as it is.
 */
export function sortEndpoints(model: CatalogModel, providers: readonly string[], sort: unknown): readonly string[] {
  const by = typeof sort === 'object' && sort !== null ? (sort as { by?: unknown }).by : sort
  if (by !== 'price') return providers
  const costOf = (pricing: Record<string, unknown>) => {
    const price = (amount(pricing.prompt) ?? 0) + (amount(pricing.completion) ?? 0)
    return price < 0 ? Number.POSITIVE_INFINITY : price
  }
  // A provider costs what its cheapest endpoint costs; without endpoint facts, the model's price.
  const cost = (p: string) => {
    const endpoints = endpointsOf(model, p)
    if (endpoints.length === 0) return costOf(model.pricing)
    return Math.min(...endpoints.map((e) => costOf(e.pricing ?? model.pricing)))
  }
  return providers
    .map((p, index) => ({ p, index, cost: cost(p) }))
    .sort((a, b) => a.cost - b.cost || a.index - b.index)
    .map((e) => e.p)
}

/** What a `max_price` allows, for sentences: `prompt $0.1/M tokens, request $0.01`. */
export function describeMaxPrice(maxPrice: unknown): string {
  const limits = typeof maxPrice === 'object' && maxPrice !== null ? (maxPrice as Record<string, unknown>) : {}
  const parts: string[] = []
  for (const [field, scale] of MAX_PRICE_SCALE) {
    const limit = amount(limits[field])
    if (limit !== undefined) parts.push(`${field} $${limit}${scale === 1 ? '' : '/M tokens'}`)
  }
  return parts.join(', ')
}

/** A price as a number: the router writes strings, the docs' examples numbers. */
function amount(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN
  return Number.isFinite(n) ? n : undefined
}

/** The names in a provider preference list (`only`, `order`, `quantizations`...), its other entries left out. */
export function preferenceNames(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}
