import { didYouMean } from '../core/did-you-mean.js'
import { InputError } from '../errors.js'
import { REPORTER_NAMES, type ReporterName } from './names.js'
import type { Reporter } from './types.js'

export type { Reporter } from './types.js'

/**
 * Every built-in reporter, by the name `--reporter` takes, loaded when a command asks for it:
 * `--reporter json` never loads cli-table3, `lint` never loads JUnit or Markdown (start-up:
 * docs/performance.md).
 */
const REPORTERS = {
  table: async () => (await import('./table.js')).tableReporter,
  json: async () => (await import('./json.js')).jsonReporter,
  junit: async () => (await import('./junit.js')).junitReporter,
  markdown: async () => (await import('./markdown.js')).markdownReporter,
  github: async () => (await import('./github.js')).githubReporter,
} as const satisfies Record<ReporterName, () => Promise<Reporter>>

/**
 * The reporter `--reporter <name>` asks for. An unknown name is an input error (exit 2) with a
 * did-you-mean, thrown before anything loads.
 *
 * @example
 * ```ts
 * const { stdout } = (await loadReporter('table')).render(report, { color: false })
 * ```
 */
export function loadReporter(name: string): Promise<Reporter> {
  if (Object.hasOwn(REPORTERS, name)) return REPORTERS[name as ReporterName]()
  const guess = didYouMean(name, REPORTER_NAMES)
  throw new InputError(
    [
      {
        file: '--reporter',
        path: '',
        problem: `"${name}" is not a reporter`,
        fix: guess ? `write "${guess}"` : `use one of ${REPORTER_NAMES.join(', ')}`,
      },
    ],
    'E_REPORTER',
  )
}
