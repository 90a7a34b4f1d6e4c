import type { StandardSchemaV1 } from '@standard-schema/spec'
import type { CheckFailure } from '../types.js'
import { CHECK, failure } from './checks.js'
import { jsonPath, type PathSegment } from '../json-path.js'

/**
 * Runs the scenario's `expect.result` validator on what the client returned, through the Standard
 * Schema interface only (`schema['~standard'].validate`), so any zod copy, valibot or arktype works
 * and no `instanceof` can fail across package copies. One failure per issue, path from `$`.
 */
export async function validateStandard(schema: StandardSchemaV1, value: unknown): Promise<CheckFailure[]> {
  let result: StandardSchemaV1.Result<unknown>
  try {
    result = await schema['~standard'].validate(value)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return [
      failure(CHECK.expectResult, '$', `the expect.result validator threw instead of judging the result: ${reason}`),
    ]
  }
  if (!result.issues) return []
  return result.issues.map((issue) => {
    const path = jsonPath((issue.path ?? []).map(segmentOf))
    return failure(CHECK.expectResult, path, `${path}: ${issue.message}`)
  })
}

function segmentOf(segment: PropertyKey | StandardSchemaV1.PathSegment): PathSegment {
  const key = typeof segment === 'object' ? segment.key : segment
  return typeof key === 'number' ? key : String(key)
}
