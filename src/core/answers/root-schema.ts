import type { JsonSchema } from '../types.js'
import { isPlainObject } from './json-edits.js'
import { resolveLocalRef } from '../json-pointer.js'

/**
 * The top-level object keywords of a schema (`properties`, `required`), following a root `$ref` to a
 * local definition (`{ $ref: '#/$defs/invoice', $defs: {...} }` is a common way to write a response
 * schema). Enough for quirks that edit the top level; validation proper is ajv's (core/contract).
 */
export function rootObjectKeywords(schema: JsonSchema | undefined): { declared: Set<string>; required: string[] } {
  let node: unknown = schema
  for (
    let hops = 0;
    hops < 8 && isPlainObject(node) && typeof node.$ref === 'string' && node.$ref.startsWith('#/');
    hops++
  ) {
    node = resolveLocalRef(schema, node.$ref)
  }
  if (!isPlainObject(node)) return { declared: new Set(), required: [] }
  const properties = isPlainObject(node.properties) ? Object.keys(node.properties) : []
  const required = Array.isArray(node.required)
    ? node.required.filter((key): key is string => typeof key === 'string')
    : []
  return { declared: new Set([...properties, ...required]), required }
}
