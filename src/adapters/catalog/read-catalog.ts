import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Catalog } from '../../core/types.js'
import { InputError } from '../../errors.js'
import { catalogFromFile } from '../../schema/catalog.js'
import { parseCatalogDocument } from './problems.js'

const PULL = 'run `cascade-harness catalog pull` to write a fresh catalog'

/**
 * Reads a catalog snapshot (`.cascade/catalog.json`). A missing, unreadable or malformed file is an
 * InputError (exit 2) whose sentences name the file, the field and the fix. The catalog's `source` is
 * the file as the user sees it: relative to `cwd` when inside it.
 *
 * @example
 * ```ts
 * const catalog = await readCatalog('.cascade/catalog.json')
 * ```
 */
export async function readCatalog(file: string, options: { cwd?: string } = {}): Promise<Catalog> {
  const shown = displayPath(file, options.cwd ?? process.cwd())
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new InputError(
      [
        code === 'ENOENT'
          ? {
              file: shown,
              path: '',
              problem: 'the catalog file does not exist',
              fix: `${PULL} there, or point --catalog at an existing file`,
            }
          : {
              file: shown,
              path: '',
              problem: `the catalog file cannot be read (${code ?? String(error)})`,
              fix: `check the path and its permissions, or ${PULL}`,
            },
      ],
      'E_CATALOG',
    )
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new InputError(
      [{ file: shown, path: '', problem: `the catalog is not valid JSON (${(error as Error).message})`, fix: PULL }],
      'E_CATALOG',
    )
  }
  const parsed = parseCatalogDocument(json, shown, PULL)
  if (!parsed.success) throw new InputError(parsed.problems, 'E_CATALOG')
  return catalogFromFile(parsed.data, shown)
}

/** `.cascade/catalog.json` for a file under cwd, the absolute path otherwise; forward slashes. */
function displayPath(file: string, cwd: string): string {
  const absolute = path.resolve(cwd, file)
  const relative = path.relative(cwd, absolute)
  const shown = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute
  return shown.split(path.sep).join('/')
}
