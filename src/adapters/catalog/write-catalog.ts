import { writeFileAtomic } from '../fs/atomic-write.js'
import type { Catalog, CatalogModel } from '../../core/types.js'

/**
 * Writes a catalog snapshot atomically (a temporary file beside it, then a rename), so an interrupted
 * pull never leaves half a catalog. The text is made for a readable diff in review: models sorted by
 * id, object keys sorted (with `id` first), `supported_parameters` sorted, the pull date on top.
 *
 * @example
 * ```ts
 * await writeCatalog('.cascade/catalog.json', await pullCatalog())
 * ```
 */
export async function writeCatalog(file: string, catalog: Catalog): Promise<void> {
  const text = serializeCatalog(catalog)
  await writeFileAtomic(file, text)
}

/** The file's text: `{ pulledAt, source, data }`, two-space indented, with a final newline. */
export function serializeCatalog(catalog: Catalog): string {
  const data = [...catalog.models].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(normalizeModel)
  const header: Record<string, unknown> = {}
  if (catalog.pulledAt !== undefined) header.pulledAt = catalog.pulledAt
  header.source = catalog.source
  return `${JSON.stringify({ ...header, data }, null, 2)}\n`
}

function normalizeModel(model: CatalogModel): unknown {
  const supported = Array.isArray(model.supported_parameters)
    ? [...model.supported_parameters].sort()
    : model.supported_parameters
  const { id, ...rest } = sortKeys({ ...model, supported_parameters: supported }) as CatalogModel
  return { id, ...rest }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  )
}
