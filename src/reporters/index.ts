import { didYouMean } from '../core/did-you-mean.js'
import { InputError } from '../errors.js'
import { githubReporter } from './github.js'
import { jsonReporter } from './json.js'
import { junitReporter } from './junit.js'
import { markdownReporter } from './markdown.js'
import { tableReporter } from './table.js'
import { REPORTER_NAMES, type ReporterName } from './names.js'
import type { Reporter } from './types.js'

export type { Reporter } from './types.js'

/** Every built-in reporter, by the name `--reporter` takes. */
export const REPORTERS = {
  table: tableReporter,
  json: jsonReporter,
  junit: junitReporter,
  markdown: markdownReporter,
  github: githubReporter,
} as const satisfies Record<ReporterName, Reporter>

export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(REPORTERS, name)
}

/**
 * The reporter `--reporter <name>` asks for. An unknown name is an input error (exit 2) with a
 * did-you-mean.
 *
 * @example
 * ```ts
 * const { stdout } = getReporter('table').render(report, { color: false })
 * ```
 */
export function getReporter(name: string): Reporter {
  if (isReporterName(name)) return REPORTERS[name]
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
