import { modelProviders, providerMatches, providerSlug } from '../catalog/lookup.js'
import type { CatalogModel, ProviderPreferences } from '../types.js'

/**
 * Which providers of a model the router tries, in which order (docs/router-behaviour.md §1.3, §2.2): `only` and
 * `ignore` filter, `order` puts its providers first, `allow_fallbacks: false` keeps only the ordered
 * providers (without `order`: only the default one). Without preferences the catalog order stands
 * for the router's load balancing, so runs are reproducible.
 */
export type ProviderRoute =
  | { ok: true; providers: readonly string[] }
  /** Every provider was filtered out: the router's 404 for this model. */
  | { ok: false; message: string }

export function routeProviders(model: CatalogModel, modelId: string, preferences: ProviderPreferences | undefined): ProviderRoute {
  const all = modelProviders(model)
  if (preferences === undefined) return { ok: true, providers: all }
  const only = names(preferences.only)
  const ignore = names(preferences.ignore)
  const order = names(preferences.order)

  let allowed = all
  if (only.length > 0) allowed = allowed.filter((p) => only.some((o) => providerMatches(o, p)))
  if (ignore.length > 0) allowed = allowed.filter((p) => !ignore.some((i) => providerMatches(i, p)))

  let providers: readonly string[] = allowed
  if (order.length > 0) {
    const ordered: string[] = []
    for (const wanted of order) for (const p of allowed) if (providerMatches(wanted, p) && !ordered.includes(p)) ordered.push(p)
    providers = preferences.allow_fallbacks === false ? ordered : [...ordered, ...allowed.filter((p) => !ordered.includes(p))]
  } else if (preferences.allow_fallbacks === false) {
    providers = allowed.slice(0, 1)
  }
  if (providers.length > 0) return { ok: true, providers }

  // D-RM's wording for `only`; the same sentence shape for the other filters.
  const serving = all.map(providerSlug).join(', ')
  const which =
    only.length > 0 && allowed.length === 0
      ? `provider.only preference permits only: ${only.join(', ')}`
      : ignore.length > 0 && allowed.length === 0
        ? `provider.ignore preference excludes: ${ignore.join(', ')}`
        : `provider.order preference with allow_fallbacks: false permits only: ${order.join(', ')}`
  return {
    ok: false,
    message: `No allowed providers are available for the selected model. Providers serving ${modelId}: ${serving}, but your request's ${which}.`,
  }
}

function names(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}
