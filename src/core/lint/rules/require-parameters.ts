import type { LintFinding } from '../../types.js'
import { list } from '../../words.js'
import type { LintContext } from '../types.js'

/**
 * `require-parameters`: tools or response_format without `provider.require_parameters: true`. By
 * default "providers will receive only the parameters they support, and ignore the rest" (docs/router-behaviour.md
 * §1.3, D-PS): a provider without tool or structured-output support answers 200 in free text and the
 * router never falls back (docs/router-behaviour.md §2.2, the Claude-on-Vertex report).
 */
export function requireParameters({ request }: LintContext): LintFinding[] {
  if (request.provider?.require_parameters === true) return []
  const used: string[] = []
  if (Array.isArray(request.tools) && request.tools.length > 0) used.push('tools')
  const format = request.response_format
  if (format && (format.type === 'json_schema' || format.type === 'json_object')) used.push('response_format')
  if (used.length === 0) return []
  const setFalse = request.provider?.require_parameters === false
  return [
    {
      rule: 'require-parameters',
      severity: 'warning',
      step: null,
      path: 'request.provider.require_parameters',
      message: `The request sends ${list(used)} ${setFalse ? 'with provider.require_parameters: false' : 'without provider.require_parameters: true'}: a provider that does not support ${used.length === 1 ? 'it' : 'them'} receives the request without ${used.length === 1 ? 'it' : 'them'} and answers in free text with status 200, so no fallback happens and the app gets an answer it cannot use.`,
      fix: 'Set provider: { require_parameters: true } so the router only picks providers that support every parameter, and falls back when none does.',
    },
  ]
}
