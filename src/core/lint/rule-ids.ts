/**
 * Every lint rule's id, in order of harm: the one list. A plain list so the config schema can check
 * names without loading the rules; the registry (index.ts) is a record over it, so a rule missing from
 * either side does not compile.
 */
export const LINT_RULE_ORDER = [
  'models-limit',
  'unknown-model',
  'unknown-field',
  'invalid-schema',
  'unsupported-parameter',
  'context-window',
  'foreign-model-id',
  'schema-portability',
  'strict-mode',
  'free-not-last',
  'require-parameters',
  'cost-blast-radius',
  'provider-order',
  'contract-gap',
] as const

export type LintRuleId = (typeof LINT_RULE_ORDER)[number]

/** Findings the runner adds about cassettes; their severity follows --ci and `missingCassette`. */
export const CASSETTE_FINDING_IDS = ['stale-cassette', 'missing-cassette'] as const

/** Every id a lint finding can carry: the rules' and the cassette findings'. */
export const FINDING_IDS = [...LINT_RULE_ORDER, ...CASSETTE_FINDING_IDS] as const
export type FindingId = (typeof FINDING_IDS)[number]
