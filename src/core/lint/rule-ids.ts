/**
 * Every finding id a user can set a severity for in `lint.rules`, in order of harm. A plain list
 * so the config schema can check names without loading the rules (and their tokenizer).
 * `lint-request.test.ts` keeps it equal to the rules that exist.
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
] as const

/** Findings the runner adds about cassettes; their severity follows --ci and `missingCassette`. */
export const CASSETTE_FINDING_IDS = ['stale-cassette', 'missing-cassette'] as const
