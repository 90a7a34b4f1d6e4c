import type { LintFinding } from '../../types.js'
import { familyOf } from '../../catalog/families.js'
import { relativePath } from '../../json-path.js'
import { checkOpenAiStrict } from '../../portability/openai-strict.js'
import { schemasOf } from '../../portability/schema-walk.js'
import { lintSteps, stepsName } from '../steps.js'
import type { LintContext } from '../types.js'

/**
 * `strict-mode`: OpenAI's strict-mode rules (core/portability/openai-strict.ts) for every schema sent with
 * `strict: true`, when the cascade has an OpenAI step. OpenAI rejects a schema that breaks them with a
 * 400 (`Invalid schema for response_format '<name>': ...`), so every request to those steps fails and
 * the router moves on. The finding's step is the first OpenAI step; the sentence names them all.
 */
export function strictMode({ request, catalog }: LintContext): LintFinding[] {
  const openAiSteps = lintSteps(request, catalog).filter((s) => familyOf(s.id) === 'openai')
  const first = openAiSteps[0]
  if (!first) return []
  const findings: LintFinding[] = []
  for (const source of schemasOf(request)) {
    if (!source.strict) continue
    const label = source.kind === 'tool' ? `Tool ${source.name}` : `The response_format '${source.name}'`
    const steps = `${stepsName(openAiSteps)}${openAiSteps.length === 1 ? ',' : ''}`
    const invalid = `Invalid schema for ${source.kind === 'tool' ? 'function' : 'response_format'} '${source.name}'`
    for (const violation of checkOpenAiStrict(source.schema, source.path)) {
      const at = relativePath(violation.at, source.path)
      const problem = violation.at === source.path ? violation.problem : `at ${at}, ${violation.problem}`
      findings.push({
        rule: 'strict-mode',
        severity: violation.confirmed ? 'error' : 'warning',
        step: first.index,
        path: violation.path,
        message: violation.confirmed
          ? `${label} sets strict: true, and OpenAI's strict mode rejects it: ${problem}. Every request to ${steps} fails with a 400 ("${invalid}: ...") and the router moves on.`
          : `${label} sets strict: true, and OpenAI's strict mode may reject it (unconfirmed): ${problem}. If it does, every request to ${steps} fails with a 400 and the router moves on.`,
        fix: `${violation.fix.charAt(0).toUpperCase()}${violation.fix.slice(1)}.`,
      })
    }
  }
  return findings
}
