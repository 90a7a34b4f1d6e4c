import type { Catalog, CatalogModel } from '../types.js'

/**
 * Finding a model in a catalog. Shared by the emulator, lint and the matrix so they agree on what
 * "the model exists" means (its family: families.ts; its providers: providers.ts).
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

/**
 * The context window the router checks a prompt against (the top provider's, else the model's);
 * undefined when the catalog gives none or one that is not positive. Lint, the emulator and the
 * runner read windows only through this.
 */
export function contextLengthOf(model: CatalogModel): number | undefined {
  const length = model.top_provider.context_length ?? model.context_length
  return typeof length === 'number' && length > 0 ? length : undefined
}

/** A `:free` variant costs nothing, whatever its pricing strings say (docs/router-behaviour.md §2.1). */
export function isFreeModel(id: string): boolean {
  return id.endsWith(':free')
}

/** The catalog's canonical slug when it is a dated snapshot of the id (`...-20250929`, `...-2025-04-14`, `...-2506`), else null. */
export function datedSlugOf(id: string, model: CatalogModel): string | null {
  const slug = model.canonical_slug
  if (typeof slug !== 'string' || slug === id.replace(/:[^/]*$/, '')) return null
  return /-(\d{8}|\d{4}-\d{2}-\d{2}|\d{4})$/.test(slug) ? slug : null
}
