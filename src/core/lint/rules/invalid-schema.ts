import { schemaDefect } from '../../contract/schema-validator.js'
import { isSchemaObject } from '../../portability/schema-walk.js'
import type { LintFinding } from '../../types.js'
import type { LintContext } from '../types.js'

/**
 * `invalid-schema`: a response_format schema or a tool's `parameters` that is not valid JSON Schema
 * (`"type": "objekt"`, a `minimum` that is a string). Every provider answers such a request with a 400,
 * at every step, so the cascade cannot serve at all; the emulator refuses it the same way.
 */
export function invalidSchema({ request }: LintContext): LintFinding[] {
  const findings: LintFinding[] = []
  const format = request.response_format
  if (format?.type === 'json_schema' && isSchemaObject(format.json_schema?.schema)) {
    const defect = schemaDefect(format.json_schema.schema)
    if (defect !== null)
      findings.push(
        finding(
          'request.response_format.json_schema.schema',
          `the response_format schema "${format.json_schema.name}"`,
          defect,
        ),
      )
  }
  for (const [index, tool] of (Array.isArray(request.tools) ? request.tools : []).entries()) {
    const parameters = tool?.function?.parameters
    if (!isSchemaObject(parameters)) continue
    const defect = schemaDefect(parameters)
    if (defect !== null)
      findings.push(
        finding(
          `request.tools[${index}].function.parameters`,
          `the parameters of tool "${tool.function.name}"`,
          defect,
        ),
      )
  }
  return findings
}

function finding(root: string, subject: string, defect: { path: string; message: string }): LintFinding {
  const path =
    defect.path === '' ? root : defect.path.startsWith('[') ? `${root}${defect.path}` : `${root}.${defect.path}`
  return {
    rule: 'invalid-schema',
    severity: 'error',
    step: null,
    path,
    message: `${subject} is not valid JSON Schema: at ${path}, the value ${defect.message}; every provider answers such a request with a 400, so no step of the cascade can serve it.`,
    fix: `Correct ${path} so the schema validates against the JSON Schema meta-schema (for a type: one of "object", "array", "string", "number", "integer", "boolean", "null").`,
  }
}
