/**
 * The built-in reporters' names, as `--reporter` and the config's `reporters` take them: the one list.
 * The registry (index.ts) is a record over these names, so a name without a reporter, or a reporter
 * without a name here, does not compile. Kept apart so the config schema can check names without
 * loading the reporters (cli-table3 among them).
 */
export const REPORTER_NAMES = ['table', 'json', 'junit', 'markdown', 'github'] as const

export type ReporterName = (typeof REPORTER_NAMES)[number]
