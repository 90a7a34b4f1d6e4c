import type { Catalog } from '../types.js'

/**
 * `GET /api/v1/models` (docs/router-behaviour.md §6.1): the catalog in the router's `{ data: [...] }` shape.
 *
 * Our own `providers` and `endpoints` fields are left out: it is not in OpenRouter's `Model`, and a client or a
 * `catalog pull` pointed at the emulator should see the same shape as from the real router (which
 * also means a catalog pulled from the emulator round-trips to the family default providers).
 * Query filters and pagination are not emulated; the catalog is small.
 */
const bodies = new WeakMap<Catalog, string>()

export function modelsListBody(catalog: Catalog): string {
  let body = bodies.get(catalog)
  if (body === undefined) {
    const data = catalog.models.map((model) => {
      const { providers: _providers, endpoints: _endpoints, ...rest } = model
      void _providers
      void _endpoints
      return rest
    })
    body = JSON.stringify({ data })
    bodies.set(catalog, body)
  }
  return body
}
