import type { CatalogModel, ProviderPreferences } from '../types.js'
import { describeMaxPrice, filterEndpoints, preferenceNames, sortEndpoints, type EndpointFilter } from './endpoints.js'
import { authorOf } from './families.js'
import { isFreeModel } from './lookup.js'

/**
 * Who serves a model and which of them the router tries (docs/router-behaviour.md §1.3, §2.2): one
 * definition that the emulator routes by and lint warns from, so "lint finds no provider" and "the
 * emulator answers 404" are the same fact.
 */

/**
 * The keys of a request's `provider` object (`OAS#ProviderPreferences`, docs/router-behaviour.md §1.3): the
 * object is `additionalProperties: false`, so the emulator answers 400 to any other key and lint names it.
 */
export const PROVIDER_PREFERENCE_KEYS: readonly string[] = [
  'order',
  'allow_fallbacks',
  'require_parameters',
  'data_collection',
  'zdr',
  'enforce_distillable_text',
  'only',
  'ignore',
  'quantizations',
  'sort',
  'preferred_min_throughput',
  'preferred_max_latency',
  'max_price',
]

/**
 * Providers known to serve an author's models through the router, as display names, default route
 * first (the same form as the catalog's `providers` field, which the built-in catalog fills and a
 * pulled catalog never has). From the router's model pages: Claude on Anthropic, Amazon Bedrock and
 * Google Vertex; GPT on OpenAI and Azure; Gemini on Google Vertex and Google AI Studio; Grok on xAI;
 * Llama on DeepInfra and Together; Mistral's models on Mistral.
 */
const PROVIDERS_BY_AUTHOR: Record<string, readonly string[]> = {
  openai: ['OpenAI', 'Azure'],
  anthropic: ['Anthropic', 'Amazon Bedrock', 'Google Vertex'],
  google: ['Google Vertex', 'Google AI Studio'],
  'x-ai': ['xAI'],
  'meta-llama': ['DeepInfra', 'Together'],
  mistralai: ['Mistral'],
}

export interface ModelProviders {
  /** Display names, default route first. */
  names: readonly string[]
  /**
   * `catalog`: the entry's `providers` field, else the providers of its `endpoints`. `author`: the author's usual providers (above).
   * `guess`: nobody says; one provider named after the author (`gryphe/...` → "Gryphe"), made up,
   * but one a reader traces back to the model at a glance.
   */
  from: 'catalog' | 'author' | 'guess'
}

const cache = new WeakMap<CatalogModel, ModelProviders>()

/** The providers serving a model, and where that knowledge comes from. */
export function providersOf(model: CatalogModel): ModelProviders {
  let providers = cache.get(model)
  if (providers === undefined) {
    const author = authorOf(model.id)
    const known = PROVIDERS_BY_AUTHOR[author]
    const endpoints = [...new Set((model.endpoints ?? []).map((e) => e.provider_name))]
    providers =
      model.providers && model.providers.length > 0
        ? { names: model.providers, from: 'catalog' }
        : endpoints.length > 0
          ? { names: endpoints, from: 'catalog' }
          : known
            ? { names: known, from: 'author' }
            : { names: [authorDisplayName(author || model.id)], from: 'guess' }
    cache.set(model, providers)
  }
  return providers
}

function authorDisplayName(author: string): string {
  return author.charAt(0).toUpperCase() + author.slice(1)
}

/**
 * The routing slug of a provider display name, as `provider.order` / `only` / `ignore` spell it
 * (docs/router-behaviour.md §1.3): `Google Vertex` → `google-vertex`, `Amazon Bedrock` → `amazon-bedrock`.
 */
export function providerSlug(displayName: string): string {
  return displayName
    .trim()
    .toLowerCase()
    .replace(/[\s_.]+/g, '-')
}

/**
 * Whether a `provider.order`/`only`/`ignore` entry names this provider: its slug, its display name
 * (any case), a base slug of a variant endpoint (`google-vertex` matches `google-vertex/us-east5`), or
 * one endpoint of the provider (`deepinfra/turbo` matches `DeepInfra`): a catalog lists providers, not
 * their endpoints, so it cannot say that the endpoint is missing.
 */
export function providerMatches(preference: string, displayName: string): boolean {
  const wanted = providerSlug(preference)
  const slug = providerSlug(displayName)
  return slug === wanted || slug.startsWith(`${wanted}/`) || wanted.startsWith(`${slug}/`)
}

/** The preference that left a model no provider. */
export type ProviderFilter = 'only' | 'ignore' | 'order' | EndpointFilter

export type ProviderRoute =
  | { ok: true; providers: readonly string[] }
  /**
   * Every provider was filtered out: the router's 404 for this model. `code` and `excludedBy` are the
   * 2026-08 availability object's (docs/router-behaviour.md §1.6, §4.4): a data-policy filter is
   * `privacy_restricted`, any other `constraint_filtered`.
   */
  | {
      ok: false
      message: string
      filter: ProviderFilter
      code: 'constraint_filtered' | 'privacy_restricted'
      excludedBy: string[]
    }

/** Whether the endpoint filters (`zdr`, `data_collection`, `quantizations`, `max_price`, `sort`) apply: the emulator's `providerFilters` option. */
export type ProviderFilterMode = 'enforce' | 'ignore'

const PRIVACY_URL = 'https://openrouter.ai/settings/privacy'

/**
 * Which providers of a model the router tries, in which order: `only` and `ignore` filter, then the
 * endpoint filters (endpoints.ts: `zdr`, `data_collection`, `quantizations`, `max_price`), `sort`
 * orders, `order` puts its providers first, `allow_fallbacks: false` keeps only the ordered providers
 * (without `order`: only the first one left). Without preferences the catalog order stands for the
 * router's load balancing, so runs are reproducible.
 */
export function routeProviders(
  model: CatalogModel,
  modelId: string,
  preferences: ProviderPreferences | undefined,
  mode: ProviderFilterMode = 'enforce',
): ProviderRoute {
  const all = providersOf(model).names
  if (preferences === undefined) return { ok: true, providers: all }
  const only = preferenceNames(preferences.only)
  const ignore = preferenceNames(preferences.ignore)
  const order = preferenceNames(preferences.order)
  // D-RM's wording for `only`; the same sentence shape for the other provider filters.
  const serving = all.map(providerSlug).join(', ')
  const refuse = (
    filter: ProviderFilter,
    which: string,
    excludedBy: string[] = ['allowed_providers'],
  ): ProviderRoute => ({
    ok: false,
    filter,
    code: 'constraint_filtered',
    excludedBy,
    message: `No allowed providers are available for the selected model. Providers serving ${modelId}: ${serving}, but your request's ${which}.`,
  })

  let allowed = all
  if (only.length > 0) allowed = allowed.filter((p) => only.some((o) => providerMatches(o, p)))
  if (allowed.length === 0) return refuse('only', `provider.only preference permits only: ${only.join(', ')}`)
  if (ignore.length > 0) allowed = allowed.filter((p) => !ignore.some((i) => providerMatches(i, p)))
  if (allowed.length === 0) return refuse('ignore', `provider.ignore preference excludes: ${ignore.join(', ')}`)

  if (mode === 'enforce') {
    const filtered = filterEndpoints(model, modelId, allowed, preferences)
    if (filtered.emptiedBy !== null) {
      const excludedBy =
        allowed.length < all.length ? ['allowed_providers', ...filtered.excludedBy] : filtered.excludedBy
      return endpointRefusal(filtered.emptiedBy, modelId, preferences, excludedBy, refuse)
    }
    allowed = sortEndpoints(model, filtered.providers, preferences.sort)
  }

  let providers: readonly string[] = allowed
  if (order.length > 0) {
    const ordered: string[] = []
    for (const wanted of order)
      for (const p of allowed) if (providerMatches(wanted, p) && !ordered.includes(p)) ordered.push(p)
    providers =
      preferences.allow_fallbacks === false ? ordered : [...ordered, ...allowed.filter((p) => !ordered.includes(p))]
  } else if (preferences.allow_fallbacks === false) {
    providers = allowed.slice(0, 1)
  }
  if (providers.length > 0) return { ok: true, providers }
  return refuse('order', `provider.order preference with allow_fallbacks: false permits only: ${order.join(', ')}`)
}

/**
 * The 404 of an endpoint filter. Data policy: the docs' sentence (`No endpoints for openai/gpt-5.2 match
 * your data policy (zero data retention). Adjust at https://openrouter.ai/settings/privacy.`, D-ERR), with
 * the live parenthetical for training (`(Paid model training)`, unoplat/unoplat-code-confluence#1080).
 * Quantization and price: the provider filters' sentence above, naming the preference.
 */
function endpointRefusal(
  filter: EndpointFilter,
  modelId: string,
  preferences: ProviderPreferences,
  excludedBy: string[],
  refuse: (filter: ProviderFilter, which: string, excludedBy: string[]) => ProviderRoute,
): ProviderRoute {
  if (filter === 'zdr' || filter === 'data_collection') {
    const policy = filter === 'zdr' ? 'zero data retention' : `${isFreeModel(modelId) ? 'Free' : 'Paid'} model training`
    return {
      ok: false,
      filter,
      code: 'privacy_restricted',
      excludedBy,
      message: `No endpoints for ${modelId} match your data policy (${policy}). Adjust at ${PRIVACY_URL}.`,
    }
  }
  if (filter === 'quantizations')
    return refuse(
      filter,
      `provider.quantizations preference permits only: ${preferenceNames(preferences.quantizations).join(', ')}`,
      excludedBy,
    )
  return refuse(
    filter,
    `provider.max_price preference permits at most: ${describeMaxPrice(preferences.max_price)}`,
    excludedBy,
  )
}
