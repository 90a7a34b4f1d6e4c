import { existsSync } from 'node:fs'
import path from 'node:path'
import { InputError } from '../../errors.js'
import { configSchema, type Config } from '../../schema/config.js'
import { createModuleLoader } from './import-module.js'
import { parseWithProblems } from './zod-problems.js'

/** Looked for in cwd, in this order; finding more than one is a problem (which one wins is a guess). */
export const CONFIG_FILE_NAMES = [
  'cascade.config.ts',
  'cascade.config.mts',
  'cascade.config.js',
  'cascade.config.mjs',
  'cascade.config.json',
] as const

export interface LoadConfigOptions {
  cwd: string
  /** `--config <file>`, relative to cwd. */
  configPath?: string | undefined
  /** Awaited before a `.ts`/`.js` config is imported (see ModuleLoaderOptions.beforeUserCode). */
  beforeUserCode?: (() => Promise<void>) | undefined
}

export interface LoadedConfig {
  /** Validated, defaults applied. */
  config: Config
  /** The config file's absolute path, or null when there is none (the defaults serve). */
  file: string | null
  /** Where the config's relative paths start: the config file's folder, or cwd without one. */
  dir: string
}

/**
 * `--config <file>`, else `cascade.config.{ts,mts,js,mjs,json}` in cwd, else the defaults.
 * The file's default export (or JSON root) is validated with the config schema; every problem is
 * thrown together as one InputError (exit 2).
 *
 * @example
 * ```ts
 * const { config, dir } = await loadConfig({ cwd: process.cwd(), configPath: flags.config })
 * ```
 */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const absolutePath =
    options.configPath !== undefined ? path.resolve(options.cwd, options.configPath) : discover(options.cwd)
  if (absolutePath === undefined) return { config: configSchema.parse({}), file: null, dir: options.cwd }

  const file = path.relative(options.cwd, absolutePath).split(path.sep).join('/')
  if (!existsSync(absolutePath)) {
    throw new InputError(
      [
        {
          file,
          path: '',
          problem: 'the config file does not exist',
          fix: 'correct the --config path, or leave it out to use cascade.config.ts in the current folder',
        },
      ],
      'E_CONFIG',
    )
  }
  // A config is data once validated: nothing it loaded imports again, so its TypeScript hooks go now.
  const loader = createModuleLoader({ cwd: options.cwd, beforeUserCode: options.beforeUserCode })
  const imported = await loader.load(absolutePath, file).finally(() => loader.close())
  if (!imported.success) throw new InputError([imported.problem], 'E_CONFIG')
  if (!imported.hasDefault) {
    throw new InputError(
      [{ file, path: '', problem: 'has no default export', fix: 'add `export default defineConfig({ ... })`' }],
      'E_CONFIG',
    )
  }
  const parsed = parseWithProblems(configSchema, imported.value, { file, subject: 'config' })
  if (!parsed.success) throw new InputError(parsed.problems, 'E_CONFIG')
  return { config: parsed.data, file: absolutePath, dir: path.dirname(absolutePath) }
}

function discover(cwd: string): string | undefined {
  const present = CONFIG_FILE_NAMES.filter((name) => existsSync(path.join(cwd, name)))
  if (present.length > 1) {
    throw new InputError(
      [
        {
          file: present[0]!,
          path: '',
          problem: `${present.slice(1).join(' and ')} also exist${present.length > 2 ? '' : 's'}, so which config applies is ambiguous`,
          fix: 'keep one config file (or name one with --config)',
        },
      ],
      'E_CONFIG',
    )
  }
  return present[0] === undefined ? undefined : path.join(cwd, present[0])
}
