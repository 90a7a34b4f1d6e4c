/**
 * Lint's view of the catalog, over core/catalog/lookup.ts so that lint and the emulator agree on what
 * "the model exists" and "its context window" mean.
 */
import type { Catalog, CatalogModel } from '../types.js'
import { findModel as findCatalogModel, modelIds } from '../catalog/lookup.js'

/** `author/slug:variant` → its parts; `variant` is undefined without a suffix. */
export function splitVariant(id: string): { base: string; variant: string | undefined } {
  const colon = id.lastIndexOf(':')
  if (colon <= id.indexOf('/') || colon === -1) return { base: id, variant: undefined }
  return { base: id.slice(0, colon), variant: id.slice(colon + 1) }
}

/** The catalog entry a cascade step resolves to (routing variants like `:nitro` included), or undefined. */
export function findModel(catalog: Catalog, id: string): CatalogModel | undefined {
  return findCatalogModel(catalog, id)
}

export function catalogIds(catalog: Catalog): string[] {
  return modelIds(catalog)
}

const authorCache = new WeakMap<Catalog, Set<string>>()

/** Authors (`openai`, `meta-llama`, ...) that the catalog lists. */
export function catalogAuthors(catalog: Catalog): Set<string> {
  let authors = authorCache.get(catalog)
  if (!authors) {
    authors = new Set()
    for (const id of modelIds(catalog)) {
      const slash = id.indexOf('/')
      if (slash > 0) authors.add(id.slice(0, slash))
    }
    authorCache.set(catalog, authors)
  }
  return authors
}

/**
 * Ids the router resolves itself and that no model list names (docs/router-behaviour.md §6.3): `~author/x-latest`
 * aliases, `@preset/...`, and its own routers (`openrouter/auto`, `openrouter/free`). Lint cannot check
 * them against the catalog, so the rules that need a model's data skip them.
 */
export function isRouterAlias(id: string): boolean {
  return id.startsWith('~') || id.startsWith('@preset/') || /^openrouter\/[^/]+$/.test(id)
}

/** The price of one token as a number, or undefined for variable prices (`"-1"`) and unreadable values. */
export function pricePerToken(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN
  return Number.isFinite(n) && n >= 0 ? n : undefined
}
