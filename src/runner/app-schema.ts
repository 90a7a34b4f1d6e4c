import { jsonSchemaOfStandard } from '../core/answers/answer-hint.js'
import type { JsonSchema } from '../core/types.js'
import type { Scenario } from '../schema/scenario.js'

const appSchemas = new WeakMap<object, { schema: JsonSchema | undefined }>()

/**
 * `expect.result` as JSON Schema, once per scenario (undefined without one, or when the validator
 * offers no JSON Schema): synthesis meets it, `outside_app_schema` breaks it, lint compares it with the
 * wire schema (`contract-gap`).
 */
export function appSchemaOf(scenario: Pick<Scenario, 'expect'>): JsonSchema | undefined {
  const result = scenario.expect.result
  if (!result) return undefined
  let known = appSchemas.get(result)
  if (known === undefined) appSchemas.set(result, (known = { schema: jsonSchemaOfStandard(result) }))
  return known.schema
}
