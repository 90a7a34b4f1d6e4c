import { createEmulator } from '../core/emulator/index.js'
import { isBuiltInCatalog } from '../core/catalog/builtin.js'
import type { Catalog } from '../core/types.js'
import { loadConfig } from '../adapters/load/load-config.js'
import { resolveCatalog, DEFAULT_CATALOG_PATH } from '../adapters/catalog/resolve.js'
import type { EmulatorServer } from '../adapters/http-server/index.js'
import { InputError } from '../errors.js'

export interface StartServeOptions {
  cwd: string
  port?: number
  configPath?: string
  catalogPath?: string
  seed?: number
  /** Where notices go (the built-in catalog, handler failures). */
  log?: (line: string) => void
}

/** The programmatic core of `serve`: loads config and catalog and starts listening. */
export async function startServe(
  options: StartServeOptions,
): Promise<EmulatorServer & { baseUrl: string; catalog: Catalog }> {
  const log = options.log ?? (() => undefined)
  const { config, dir } = await loadConfig({ cwd: options.cwd, configPath: options.configPath })
  const catalog = await resolveCatalog({
    cwd: options.cwd,
    flag: options.catalogPath,
    configured: config.catalog,
    configDir: dir,
  })
  if (isBuiltInCatalog(catalog))
    log(
      `No catalog snapshot found (${DEFAULT_CATALOG_PATH}): serving the built-in catalog. Run \`cascade-harness catalog pull\` for the live model list.`,
    )
  // Loaded here, not with the package entry: a scenario file that imports `cascade-harness` never serves.
  const { createEmulatorHandler, serveEmulator } = await import('../adapters/http-server/index.js')
  const handle = createEmulatorHandler({
    catalog,
    options: config.emulator,
    seed: options.seed ?? config.seed ?? 1,
    createEmulator,
  })
  let server: EmulatorServer
  try {
    server = await serveEmulator({
      port: options.port ?? 0,
      handle,
      onError: (error) =>
        log(
          `cascade-harness serve: a request failed inside the emulator: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        ),
    })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new InputError([
        {
          file: 'cascade-harness serve',
          path: '--port',
          problem: `port ${options.port} on 127.0.0.1 is already in use`,
          fix: 'pick another port, or pass --port 0 for a free one',
        },
      ])
    }
    throw error
  }
  return Object.assign(server, { baseUrl: `${server.url}/api/v1`, catalog })
}
