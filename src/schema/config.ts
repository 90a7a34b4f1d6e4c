import { z } from 'zod'
import { deadlineMsSchema } from './limits.js'
import { DEFAULT_OUT_DIR, DEFAULT_SCENARIO_PATHS } from './defaults.js'
import { DEFAULT_EMULATOR_OPTIONS as EMULATOR } from '../core/emulator/options.js'
import { DEFAULT_LINT_OPTIONS } from '../core/lint/types.js'
import { CASSETTE_FINDING_IDS, LINT_RULE_ORDER } from '../core/lint/rule-ids.js'
import { didYouMean } from '../core/did-you-mean.js'
import { REPORTER_NAMES } from '../reporters/names.js'

const severityOrOff = z.enum(['error', 'warning', 'info', 'off'])

const RULE_IDS: readonly string[] = [...LINT_RULE_ORDER, ...CASSETTE_FINDING_IDS]

/** A misspelt rule id would silently change nothing: reject it with a did-you-mean. */
const ruleSeverities = z.record(z.string(), severityOrOff).superRefine((rules, ctx) => {
  for (const id of Object.keys(rules)) {
    if (RULE_IDS.includes(id)) continue
    const guess = didYouMean(id, RULE_IDS)
    ctx.addIssue({
      code: 'custom',
      path: [id],
      message: `"${id}" is not a lint rule${guess ? ` (did you mean "${guess}"?)` : ''}`,
      params: { fix: guess ? `write "${guess}"` : `use one of: ${RULE_IDS.join(', ')}` },
    })
  }
})

export const configSchema = z.strictObject({
  /** Globs (relative to the config file) of scenario files. */
  scenarios: z.array(z.string()).default([...DEFAULT_SCENARIO_PATHS]),
  /** Catalog snapshot; without one the built-in catalog serves and the report says so. */
  catalog: z.string().optional(),
  /** Folder for cassettes, relative to each scenario file. */
  cassettes: z.string().default('__cassettes__'),
  /** In --ci: what a step without a cassette does. */
  missingCassette: z.enum(['warn', 'fail', 'ignore']).default('warn'),
  reporters: z.array(z.enum(REPORTER_NAMES)).optional(),
  outDir: z.string().default(DEFAULT_OUT_DIR),
  seed: z.number().int().optional(),
  deadlineMs: deadlineMsSchema.default(10_000),
  /**
   * A request to a host the harness does not emulate never reaches the network: the client gets a
   * network error either way. `fail` (default) fails the case; `refuse` only notes the URL in the
   * report (telemetry, a feature flag service the client catches errors of). A scenario may override it.
   */
  otherHosts: z.enum(['fail', 'refuse']).default('fail'),
  /** Cases in flight at once per scenario; default: the number of cores (`--concurrency` overrides it). */
  concurrency: z.number().int().positive().optional(),
  budgets: z
    .strictObject({ maxCostUsd: z.number().positive().optional(), maxLatencyMs: z.number().positive().optional() })
    .default({}),
  lint: z
    .strictObject({
      rules: ruleSeverities.default({}),
      /** cost-blast-radius: warn when a fallback costs this many times the primary per request. */
      costRatioThreshold: z.number().positive().default(DEFAULT_LINT_OPTIONS.costRatioThreshold),
    })
    .prefault({}),
  emulator: z
    .strictObject({
      /** docs/router-behaviour.md §1.6 / §8.1 item 6: a step without tool support answers 404 (live ≤ mid-2026) or ignores the tools (docs 2026-08). */
      unsupportedParameter: z.enum(['404', 'ignore']).default(EMULATOR.unsupportedParameter),
      /** docs/router-behaviour.md §1.2: does `model` count toward the limit of 3 `models`? Evidence says no. */
      modelCountsTowardLimit: z.boolean().default(EMULATOR.modelCountsTowardLimit),
      /** docs/router-behaviour.md §4.4: add the 2026-08 `error.availability` object to availability errors. */
      availabilityObject: z.boolean().default(EMULATOR.availabilityObject),
      /** docs/router-behaviour.md §4.3: the tail of the context-length message; live since 2026-03 it is "context-compression" (emulator README). */
      contextMessageTail: z.enum(['middle-out', 'context-compression']).default(EMULATOR.contextMessageTail),
      /** The 402's wording: the live per-endpoint "…can only afford N…" pre-flight, or the documented "Insufficient credits" (emulator README). */
      noCreditsMessage: z.enum(['can-only-afford', 'insufficient-credits']).default(EMULATOR.noCreditsMessage),
      /** Whether a 429 or 503 carries `Retry-After` (the docs say it "may"; a client must cope without it). */
      retryAfter: z.enum(['sent', 'omitted']).default(EMULATOR.retryAfter),
      /**
       * How a streamed request whose steps all fail before the first token ends: live, an HTTP 200 stream
       * with an error chunk and `choices: []` (`empty-choices`) or a bare `data: {"error":…}` line
       * (`bare-chunk`); the docs, an HTTP error status (`http-status`). The matrix plans all three.
       */
      streamErrorBeforeFirstToken: z
        .enum(['empty-choices', 'bare-chunk', 'http-status'])
        .default(EMULATOR.streamErrorBeforeFirstToken),
      /**
       * docs/router-behaviour.md §1.6: `provider.zdr`, `data_collection`, `quantizations` and `max_price`
       * remove endpoints by the catalog's facts and answer 404 when none is left (`enforce`, the docs), or
       * are accepted with no effect, as the emulator did before (`ignore`). `sort` orders only when enforced.
       */
      providerFilters: z.enum(['enforce', 'ignore']).default(EMULATOR.providerFilters),
      /**
       * Real time, in ms (the emulator README, "Time"): the router's keep-alive comment period on a
       * stream, the gap between streamed chunks, the wait of `slow_first_token`, and how long a
       * `timeout` holds the request before its 504. The case deadline bounds every wait.
       */
      timing: z
        .strictObject({
          keepAliveMs: z.number().int().positive().default(EMULATOR.timing.keepAliveMs),
          chunkGapMs: z.number().int().nonnegative().default(EMULATOR.timing.chunkGapMs),
          slowFirstTokenMs: z.number().int().nonnegative().default(EMULATOR.timing.slowFirstTokenMs),
          timeoutMs: z.number().int().nonnegative().default(EMULATOR.timing.timeoutMs),
        })
        .prefault({}),
    })
    .prefault({}),
})

export type ConfigInput = z.input<typeof configSchema>
export type Config = z.output<typeof configSchema>
export type EmulatorOptions = Config['emulator']
