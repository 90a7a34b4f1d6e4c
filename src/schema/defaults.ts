/** Where scenarios are looked for when neither the command line nor the config names any. */
export const DEFAULT_SCENARIO_PATHS: readonly string[] = ['scenarios']
