import type { JsonSchema } from '../types.js'
import { isPlainObject } from './json-edits.js'

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
    node = resolvePointer(schema, node.$ref.slice(2))
  }
  if (!isPlainObject(node)) return { declared: new Set(), required: [] }
  const properties = isPlainObject(node.properties) ? Object.keys(node.properties) : []
  const required = Array.isArray(node.required)
    ? node.required.filter((key): key is string => typeof key === 'string')
    : []
  return { declared: new Set([...properties, ...required]), required }
}

function resolvePointer(root: unknown, pointer: string): unknown {
  let node = root
  for (const raw of pointer.split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')
    node = isPlainObject(node) ? node[key] : undefined
  }
  return node
}
