/** Where scenarios are looked for when neither the command line nor the config names any. */
export const DEFAULT_SCENARIO_PATHS: readonly string[] = ['scenarios']

/** Where `run`, `lint` and `merge` write their reports when neither the command line nor the config says. */
export const DEFAULT_OUT_DIR = '.cascade-out'
