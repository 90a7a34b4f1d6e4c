import { existsSync } from 'node:fs'
import path from 'node:path'
import { BUILTIN_CATALOG } from '../../core/catalog/builtin.js'
import type { Catalog } from '../../core/types.js'

export const DEFAULT_CATALOG_PATH = '.cascade/catalog.json'

/**
 * The catalog a command uses: `--catalog` (relative to cwd), else the config's `catalog` (relative to
 * the config file), else `.cascade/catalog.json` beside the config when it exists, else the built-in one.
 */
export async function resolveCatalog(options: {
  cwd: string
  flag?: string
  configured?: string
  configDir: string
}): Promise<Catalog> {
  if (options.flag) return readCatalog(path.resolve(options.cwd, options.flag))
  if (options.configured) return readCatalog(path.resolve(options.configDir, options.configured))
  const conventional = path.resolve(options.configDir, DEFAULT_CATALOG_PATH)
  return existsSync(conventional) ? readCatalog(conventional) : BUILTIN_CATALOG
}

/** The catalog file's reader and its zod schema load only for a file: the built-in catalog needs neither. */
async function readCatalog(file: string): Promise<Catalog> {
  return (await import('./read-catalog.js')).readCatalog(file)
}
