import type { LintFinding } from '../../types.js'
import { lintSteps, stepName, type LintStep } from '../steps.js'
import type { LintContext } from '../types.js'

/**
 * `unsupported-parameter`: the request needs tools, tool_choice or response_format and a step's catalog
 * entry does not list it in `supported_parameters` (a union over the model's endpoints, docs/router-behaviour.md
 * §6.1). What the router does then depends on its version (docs/router-behaviour.md §1.6 and §4.3): a 404 "No
 * endpoints found that support tool use" and the next step, or the parameter dropped and a 200 answer
 * in free text. With `require_parameters: true` it is the 404 "No endpoints found that can handle the
 * requested parameters.". A json_schema on a step with response_format but no structured_outputs is
 * only a hint (docs/router-behaviour.md §2.2): a warning.
 */
export function unsupportedParameter({ request, catalog }: LintContext): LintFinding[] {
  const findings: LintFinding[] = []
  const hasTools = Array.isArray(request.tools) && request.tools.length > 0
  const format = request.response_format
  const needsFormat = format !== undefined && (format.type === 'json_object' || format.type === 'json_schema')
  const requireParameters = request.provider?.require_parameters === true
  for (const step of lintSteps(request, catalog)) {
    if (!step.model) continue
    const supported = new Set(step.model.supported_parameters ?? [])
    const lacks = (parameter: string) => !supported.has(parameter)
    if (hasTools && lacks('tools')) {
      findings.push(
        error(
          step,
          'request.tools',
          'tools',
          requireParameters,
          'support tool use',
          'sends the request without the tools and the model answers in plain text with status 200',
        ),
      )
    } else if (hasTools && request.tool_choice !== undefined && lacks('tool_choice')) {
      findings.push(
        error(
          step,
          'request.tool_choice',
          'tool_choice',
          requireParameters,
          "support the provided 'tool_choice' value",
          'sends it without tool_choice, and the model may answer with status 200 without calling a tool',
        ),
      )
    }
    if (needsFormat && lacks('response_format')) {
      findings.push(
        error(
          step,
          'request.response_format',
          'response_format',
          requireParameters,
          'support response_format',
          'sends it without response_format and the model answers free text with status 200',
        ),
      )
    } else if (format?.type === 'json_schema' && lacks('structured_outputs')) {
      findings.push({
        rule: 'unsupported-parameter',
        severity: 'warning',
        step: step.index,
        path: 'request.response_format',
        message: `${stepName(step)}, supports response_format but not structured_outputs: the json_schema is only a hint there. The router accepts it and the model may answer JSON that breaks the schema (fenced, chatty, keys missing) with status 200 and no error.`,
        fix: 'Use a model whose supported_parameters include structured_outputs, or make sure the contract check catches what this step returns (the quirk cases of `run` show it).',
      })
    }
  }
  return findings
}

function error(
  step: LintStep,
  path: string,
  parameter: string,
  requireParameters: boolean,
  endpointsThat: string,
  dropped: string,
): LintFinding {
  const outcome = requireParameters
    ? `with provider.require_parameters the router finds no endpoint (404 "No endpoints found that can handle the requested parameters.") and moves on, so this step never serves`
    : `the router either answers 404 "No endpoints found that ${endpointsThat}" and moves on, or ${dropped} (which one depends on the router's version)`
  return {
    rule: 'unsupported-parameter',
    severity: 'error',
    step: step.index,
    path,
    message: `${stepName(step)}, does not support ${parameter} (its catalog entry's supported_parameters lack "${parameter}"): ${outcome}.`,
    fix: `Replace it with a model that supports ${parameter}, or call it from a client-side stage that does not send ${parameter}.`,
  }
}
