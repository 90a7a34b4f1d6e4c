import type { LintFinding } from '../../types.js'
import { familyOf, type Family } from '../../catalog/families.js'
import { relativePath } from '../../json-path.js'
import { portabilityIssues, type PortabilityIssue } from '../../portability/schema-support.js'
import { schemasOf, type SchemaSource } from '../../portability/schema-walk.js'
import { lintSteps, stepName, type LintStep } from '../steps.js'
import type { LintContext } from '../types.js'
import { list } from '../../words.js'

/**
 * `schema-portability`: JSON Schema features in tool parameters and the response_format schema that a
 * step's provider family rejects, ignores, or leaves out of its documented subset (facts and sources in
 * core/portability/schema-support.ts). One finding per step, schema and feature, at the first occurrence.
 *
 * Which schemas a family constrains at all:
 * - Gemini: function declarations always, response_format when the step supports it.
 * - Anthropic: response_format when the step supports structured_outputs (otherwise the schema is a
 *   hint, docs/router-behaviour.md §2.2); tools only with `strict: true`, and then at most a warning (whether the
 *   router forwards `strict` on tools to Anthropic is unconfirmed).
 * - Open-weight: both, when the step supports the parameter.
 * - OpenAI: none here (`strict-mode` covers strict schemas; without strict the schema is a hint).
 */
/** How a finding names a family's schema subset. */
const FAMILY_LABEL: Record<Family, string> = {
  openai: 'OpenAI',
  google: 'Gemini',
  anthropic: 'Anthropic',
  'open-weight': 'open-weight models (inference providers with grammar engines)',
  other: 'its provider',
}

export function schemaPortability({ request, catalog }: LintContext): LintFinding[] {
  const sources = schemasOf(request)
  if (sources.length === 0) return []
  const findings: LintFinding[] = []
  for (const step of lintSteps(request, catalog)) {
    if (!step.model) continue
    const family = familyOf(step.id)
    for (const source of sources) {
      const scope = scopeOf(family, source, new Set(step.model.supported_parameters ?? []))
      if (!scope) continue
      const groups = new Map<string, PortabilityIssue[]>()
      for (const issue of portabilityIssues(source.schema, family, step.id, source.path)) {
        const group = groups.get(issue.feature.id)
        if (group) group.push(issue)
        else groups.set(issue.feature.id, [issue])
      }
      for (const issues of groups.values()) findings.push(finding(step, family, source, issues, scope.capAtWarning))
    }
  }
  return findings
}

function scopeOf(family: Family, source: SchemaSource, supported: Set<string>): { capAtWarning: boolean } | undefined {
  const isTool = source.kind === 'tool'
  switch (family) {
    case 'google':
      return supported.has(isTool ? 'tools' : 'response_format') ? { capAtWarning: false } : undefined
    case 'anthropic':
      if (isTool) return source.strict && supported.has('tools') ? { capAtWarning: true } : undefined
      return supported.has('structured_outputs') ? { capAtWarning: false } : undefined
    case 'open-weight':
      return supported.has(isTool ? 'tools' : 'response_format') ? { capAtWarning: false } : undefined
    default:
      return undefined
  }
}

function finding(
  step: LintStep,
  family: Family,
  source: SchemaSource,
  issues: PortabilityIssue[],
  capAtWarning: boolean,
): LintFinding {
  const { feature, fact } = issues[0]!
  const keywords = list([...new Set(issues.map((i) => i.occurrence.keyword))])
  const first = relativePath(issues[0]!.occurrence.path, source.path)
  const where = `${keywords} in ${source.label} (${first}${issues.length > 1 ? ` and ${issues.length - 1} more` : ''})`
  const unconfirmed = !fact.confirmed || capAtWarning
  let message: string
  switch (fact.treatment) {
    case 'rejects':
      message = unconfirmed
        ? `${stepName(step)}, may reject ${where}: ${fact.detail}. Unconfirmed through the router; if it does, every request to this step fails with a 400 and the router moves on.`
        : `${stepName(step)}, rejects ${where}: ${fact.detail}. Every request to this step fails with a 400 and the router moves on.`
      break
    case 'ignores':
      message = `${stepName(step)}, may not enforce ${where}: ${fact.detail}${fact.confirmed ? '' : ' (unconfirmed)'}, so the model can break it and nothing reports it.`
      break
    case 'undocumented':
      message = `${stepName(step)}: ${where} is outside ${FAMILY_LABEL[family]}'s documented schema subset, so it may be dropped or rejected${fact.confirmed ? '' : ' (unconfirmed)'}.`
      break
  }
  return {
    rule: 'schema-portability',
    severity: fact.treatment === 'rejects' && !unconfirmed ? 'error' : 'warning',
    step: step.index,
    path: issues[0]!.occurrence.path,
    message,
    fix: `${feature.rewrite.charAt(0).toUpperCase()}${feature.rewrite.slice(1)}.`,
  }
}
