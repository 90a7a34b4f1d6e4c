import type { JsonSchema } from '../types.js'
import { isPlainObject } from './json-edits.js'

/**
 * The JSON Schema of a Standard Schema validator's INPUT (`StandardJSONSchemaV1`, implemented by zod 4),
 * for the emulator's `answerHint`: a scenario's `expect.result` says what the client's result must look
 * like, often with bounds the response_format schema cannot carry (Anthropic rejects `minimum` /
 * `maximum`), so synthesized answers can follow it too.
 *
 * Undefined when the validator has no JSON Schema converter (valibot or arktype without one) or its
 * converter throws (zod throws for `z.date()`, `z.bigint()`, `z.custom()`...): there is then no hint,
 * and synthesis follows the request's schema alone.
 *
 * @example
 * jsonSchemaOfStandard(z.object({ score: z.number().min(0).max(1) }))
 * // { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object',
 * //   properties: { score: { type: 'number', minimum: 0, maximum: 1 } }, required: ['score'] }
 */
export function jsonSchemaOfStandard(schema: unknown): JsonSchema | undefined {
  // arktype's validators are functions, zod's and valibot's are objects.
  if ((typeof schema !== 'object' && typeof schema !== 'function') || schema === null) return undefined
  try {
    const converter = (schema as { '~standard'?: { jsonSchema?: { input?: unknown } } })['~standard']?.jsonSchema
    if (typeof converter?.input !== 'function') return undefined
    const converted: unknown = (converter.input as (options: { target: string }) => unknown).call(converter, {
      target: 'draft-2020-12',
    })
    return isPlainObject(converted) || typeof converted === 'boolean' ? converted : undefined
  } catch {
    return undefined
  }
}
