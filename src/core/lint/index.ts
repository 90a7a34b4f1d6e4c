import { jsonSchemaOfStandard } from '../answers/answer-hint.js'
import type { Catalog, ChatRequest, LintFinding, Severity } from '../types.js'
import { contextWindow } from './rules/context-window.js'
import { contractGap } from './rules/contract-gap.js'
import { costBlastRadius } from './rules/cost-blast-radius.js'
import { foreignModelId } from './rules/foreign-model-id.js'
import { freeNotLast } from './rules/free-not-last.js'
import { invalidSchema } from './rules/invalid-schema.js'
import { modelsLimit } from './rules/models-limit.js'
import { providerOrder } from './rules/provider-order.js'
import { requireParameters } from './rules/require-parameters.js'
import { schemaPortability } from './rules/schema-portability.js'
import { strictMode } from './rules/strict-mode.js'
import { unknownField } from './rules/unknown-field.js'
import { unknownModel } from './rules/unknown-model.js'
import { unsupportedParameter } from './rules/unsupported-parameter.js'
import { LINT_RULE_ORDER, type LintRuleId } from './rule-ids.js'
import { DEFAULT_LINT_OPTIONS, type LintContext, type LintOptions, type LintRule } from './types.js'

export type { LintRule } from './types.js'

/** Each rule's function, by its id: a record over LINT_RULE_ORDER, so an id without a rule does not compile. */
const RUNS: Record<LintRuleId, LintRule> = {
  'models-limit': modelsLimit,
  'unknown-model': unknownModel,
  'unknown-field': unknownField,
  'invalid-schema': invalidSchema,
  'unsupported-parameter': unsupportedParameter,
  'context-window': contextWindow,
  'foreign-model-id': foreignModelId,
  'schema-portability': schemaPortability,
  'strict-mode': strictMode,
  'free-not-last': freeNotLast,
  'require-parameters': requireParameters,
  'cost-blast-radius': costBlastRadius,
  'provider-order': providerOrder,
  'contract-gap': contractGap,
}

/**
 * Every rule, in order of harm (rule-ids.ts): a finding of an earlier rule hurts more than one of a
 * later rule of the same severity (a request that never reaches any model beats a step that costs too much).
 */
export const LINT_RULES: readonly { id: LintRuleId; run: LintRule }[] = LINT_RULE_ORDER.map((id) => ({
  id,
  run: RUNS[id],
}))

export type SeverityOverride = Severity | 'off'

export interface LintRequestOptions extends Partial<LintOptions> {
  /** Per-rule severities (config `lint.rules`): `off` drops the rule's findings. */
  severities?: Record<string, SeverityOverride>
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 }
const RANK = new Map<string, number>(LINT_RULE_ORDER.map((id, i) => [id, i]))

/**
 * Lints one request against a catalog: runs every rule, applies the severity overrides, and returns
 * the findings errors first, then by the harm of their rule, then by step.
 *
 * @example
 * ```ts
 * const findings = lintRequest(scenario.request, catalog, { severities: { 'free-not-last': 'off' } })
 * ```
 */
export function lintRequest(request: ChatRequest, catalog: Catalog, options: LintRequestOptions = {}): LintFinding[] {
  const { severities = {}, ...rest } = options
  const context: LintContext = { request, catalog, options: { ...DEFAULT_LINT_OPTIONS, ...definedOnly(rest) } }
  const findings: LintFinding[] = []
  for (const rule of LINT_RULES) {
    const override = severities[rule.id]
    if (override === 'off') continue
    for (const finding of rule.run(context)) findings.push(override ? { ...finding, severity: override } : finding)
  }
  return sortFindings(findings)
}

/** Orders findings by harm: severity, then rule rank, then step (whole-request findings first). Stable. */
export function sortFindings(findings: LintFinding[]): LintFinding[] {
  const stepKey = (f: LintFinding) => (f.step === null ? -1 : f.step)
  return findings
    .map((finding, i) => ({ finding, i }))
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.finding.severity] - SEVERITY_ORDER[b.finding.severity] ||
        (RANK.get(a.finding.rule) ?? RANK.size) - (RANK.get(b.finding.rule) ?? RANK.size) ||
        stepKey(a.finding) - stepKey(b.finding) ||
        a.i - b.i,
    )
    .map(({ finding }) => finding)
}

/** The slice of the config that lint reads (`lint.rules`, `emulator.modelCountsTowardLimit`). */
export interface LintConfig {
  lint?: { rules?: Record<string, SeverityOverride>; costRatioThreshold?: number }
  emulator?: { modelCountsTowardLimit?: boolean }
}

type LintableScenario = { request: ChatRequest; expect?: { result?: unknown } }

/**
 * `lintRequest` for a scenario (or a loaded scenario, `{ scenario, file }`) and the loaded config; its
 * `expect.result`, when it offers a JSON Schema, is what `contract-gap` compares with the wire schema.
 */
export function lintScenario(
  scenario: LintableScenario | { scenario: LintableScenario; file?: string },
  catalog: Catalog,
  config: LintConfig = {},
): LintFinding[] {
  const { request, expect } = 'scenario' in scenario ? scenario.scenario : scenario
  return lintRequest(request, catalog, {
    severities: config.lint?.rules,
    modelCountsTowardLimit: config.emulator?.modelCountsTowardLimit,
    costRatioThreshold: config.lint?.costRatioThreshold,
    appSchema: expect?.result === undefined ? undefined : jsonSchemaOfStandard(expect.result),
  })
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
