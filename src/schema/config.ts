import { z } from 'zod'

const severityOrOff = z.enum(['error', 'warning', 'info', 'off'])

export const reporterNames = ['table', 'json', 'junit', 'markdown', 'github'] as const

export const configSchema = z.strictObject({
  /** Globs (relative to the config file) of scenario files. */
  scenarios: z.array(z.string()).default(['scenarios/**/*.scenario.{ts,js,mjs,json,yaml,yml}']),
  /** Catalog snapshot; without one the built-in catalog serves and the report says so. */
  catalog: z.string().optional(),
  /** Folder for cassettes, relative to each scenario file. */
  cassettes: z.string().default('__cassettes__'),
  /** In --ci: what a step without a cassette does. */
  missingCassette: z.enum(['warn', 'fail', 'ignore']).default('warn'),
  reporters: z.array(z.enum(reporterNames)).optional(),
  outDir: z.string().default('.cascade-out'),
  seed: z.number().int().optional(),
  deadlineMs: z.number().int().positive().default(10_000),
  concurrency: z.number().int().positive().default(8),
  budgets: z.strictObject({ maxCostUsd: z.number().positive().optional(), maxLatencyMs: z.number().positive().optional() }).default({}),
  lint: z
    .strictObject({
      rules: z.record(z.string(), severityOrOff).default({}),
      /** cost-blast-radius: warn when a fallback costs this many times the primary per request. */
      costRatioThreshold: z.number().positive().default(10),
    })
    .default({ rules: {}, costRatioThreshold: 10 }),
  emulator: z
    .strictObject({
      /** openrouter.md 1.6 / 8.1.6: a step without tool support answers 404 (live ≤ mid-2026) or ignores the tools (docs 2026-08). */
      unsupportedParameter: z.enum(['404', 'ignore']).default('ignore'),
      /** openrouter.md 1.2: does `model` count toward the limit of 3 `models`? Evidence says no. */
      modelCountsTowardLimit: z.boolean().default(false),
      /** openrouter.md 4.4: add the 2026-08 `error.availability` object to availability errors. */
      availabilityObject: z.boolean().default(true),
      /** openrouter.md 4.3: the tail of the context-length message. */
      contextMessageTail: z.enum(['middle-out', 'context-compression']).default('middle-out'),
    })
    .default({ unsupportedParameter: 'ignore', modelCountsTowardLimit: false, availabilityObject: true, contextMessageTail: 'middle-out' }),
})

export type ConfigInput = z.input<typeof configSchema>
export type Config = z.output<typeof configSchema>
export type EmulatorOptions = Config['emulator']
