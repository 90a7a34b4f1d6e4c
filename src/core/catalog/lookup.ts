import type { Catalog, CatalogModel } from '../types.js'

/**
 * Finding a model, its family and its providers in a catalog. Shared by the emulator, lint and the
 * matrix so they agree on what "the model exists" and "the model's providers" mean.
 */

/**
 * Variants that change routing, not the model (docs/router-behaviour.md §6.3). `:free` is not among them: free
 * variants are catalog entries of their own.
 */
const ROUTING_VARIANTS = new Set(['nitro', 'floor', 'online', 'thinking', 'extended', 'exacto'])

// One id index per catalog object; catalogs are immutable once loaded, so the cache never goes stale.
const indexes = new WeakMap<Catalog, Map<string, CatalogModel>>()

function indexOf(catalog: Catalog): Map<string, CatalogModel> {
  let index = indexes.get(catalog)
  if (index === undefined) {
    index = new Map(catalog.models.map((m) => [m.id, m]))
    indexes.set(catalog, index)
  }
  return index
}

/**
 * The catalog entry for a model id as the router resolves it: the exact id, else the base model of a
 * routing variant (`openai/gpt-4.1:nitro` is `openai/gpt-4.1`). Undefined for an unknown id.
 */
export function findModel(catalog: Catalog, id: string): CatalogModel | undefined {
  const index = indexOf(catalog)
  const exact = index.get(id)
  if (exact !== undefined) return exact
  const colon = id.lastIndexOf(':')
  if (colon > 0 && ROUTING_VARIANTS.has(id.slice(colon + 1))) return index.get(id.slice(0, colon))
  return undefined
}

/** Every model id in the catalog (for did-you-mean suggestions). */
export function modelIds(catalog: Catalog): string[] {
  return [...indexOf(catalog).keys()]
}

export type ModelFamily = 'google' | 'openai' | 'anthropic' | 'meta' | 'mistral' | 'other'

const FAMILY_BY_AUTHOR: Record<string, ModelFamily> = {
  google: 'google',
  openai: 'openai',
  anthropic: 'anthropic',
  'meta-llama': 'meta',
  mistralai: 'mistral',
}

/** The model's family from its author prefix (`anthropic/...` is Anthropic, whoever serves it). */
export function modelFamily(id: string): ModelFamily {
  const slash = id.indexOf('/')
  return (slash > 0 ? FAMILY_BY_AUTHOR[id.slice(0, slash)] : undefined) ?? 'other'
}

/** Who serves a family's models when a catalog entry does not say (a pulled catalog never does). */
const DEFAULT_PROVIDERS: Record<ModelFamily, readonly string[] | undefined> = {
  google: ['Google Vertex', 'Google AI Studio'],
  openai: ['OpenAI', 'Azure'],
  anthropic: ['Anthropic', 'Amazon Bedrock', 'Google Vertex'],
  meta: ['DeepInfra', 'Together'],
  mistral: ['Mistral'],
  other: undefined,
}

const providerCache = new WeakMap<CatalogModel, readonly string[]>()

/**
 * Display names of the providers serving a model, default route first: the catalog's `providers`,
 * else the family's usual providers, else one provider named after the author (`gryphe/...` is served
 * by "Gryphe"): a made-up name, but one a reader traces back to the model at a glance.
 */
export function modelProviders(model: CatalogModel): readonly string[] {
  let providers = providerCache.get(model)
  if (providers === undefined) {
    providers =
      model.providers && model.providers.length > 0
        ? model.providers
        : (DEFAULT_PROVIDERS[modelFamily(model.id)] ?? [authorDisplayName(model.id)])
    providerCache.set(model, providers)
  }
  return providers
}

function authorDisplayName(id: string): string {
  const author = id.slice(0, Math.max(0, id.indexOf('/'))) || id
  return author.charAt(0).toUpperCase() + author.slice(1)
}

/**
 * The routing slug of a provider display name, as `provider.order` / `only` / `ignore` spell it
 * (docs/router-behaviour.md §1.3): `Google Vertex` → `google-vertex`, `Amazon Bedrock` → `amazon-bedrock`.
 */
export function providerSlug(displayName: string): string {
  return displayName.trim().toLowerCase().replace(/[\s_.]+/g, '-')
}

/**
 * Whether a `provider.order`/`only`/`ignore` entry names this provider: its slug, its display name
 * (any case), or a base slug of a variant endpoint (`google-vertex` matches `google-vertex/us-east5`).
 */
export function providerMatches(preference: string, displayName: string): boolean {
  const wanted = providerSlug(preference)
  const slug = providerSlug(displayName)
  return slug === wanted || slug.startsWith(`${wanted}/`)
}

/** The context window the router checks a prompt against (the top provider's, else the model's). */
export function contextLengthOf(model: CatalogModel): number | null {
  return model.top_provider.context_length ?? model.context_length ?? null
}

/** A `:free` variant costs nothing, whatever its pricing strings say (docs/router-behaviour.md §2.1). */
export function isFreeModel(id: string): boolean {
  return id.endsWith(':free')
}
