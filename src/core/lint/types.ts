import { DEFAULT_EMULATOR_OPTIONS } from '../emulator/options.js'
import type { Catalog, ChatRequest, JsonSchema, LintFinding } from '../types.js'
import type { TokenCounter } from '../tokens/index.js'

export interface LintOptions {
  /** docs/router-behaviour.md §1.2: does `model` count toward the router's limit of 3 `models`? Evidence says no. */
  modelCountsTowardLimit: boolean
  /** `cost-blast-radius`: flag a step that costs this many times the primary per request, or more. */
  costRatioThreshold: number
  /**
   * How prompt tokens are counted. Default: `cost-blast-radius` at 4 characters a token, and
   * `context-window` as the emulator decides (a UTF-8 bound, then the o200k count when loaded).
   */
  tokenCounter?: TokenCounter
  /** The scenario's `expect.result` as JSON Schema, for `contract-gap`: what the app checks beyond the wire schema. */
  appSchema?: JsonSchema
}

/** What every rule reads. Rules are plain functions of it, with no I/O. */
export interface LintContext {
  request: ChatRequest
  catalog: Catalog
  options: LintOptions
}

export type LintRule = (context: LintContext) => LintFinding[]

/** Lint's options when nothing sets them: the one definition, which the config schema's `lint` defaults read. */
export const DEFAULT_LINT_OPTIONS: Readonly<LintOptions> = {
  modelCountsTowardLimit: DEFAULT_EMULATOR_OPTIONS.modelCountsTowardLimit,
  costRatioThreshold: 10,
}
