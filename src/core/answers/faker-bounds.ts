import { isPlainObject } from './json-edits.js'
import { resolveLocalRef } from '../json-pointer.js'
import { typesOf } from '../portability/schema-walk.js'

/**
 * Bounds on how big a synthesized answer may get. json-schema-faker builds whatever a schema asks for:
 * `minLength: 1e9` is a gigabyte string, `maxItems: 1e9` (with `alwaysFakeOptionals`) a billion items,
 * and arrays nested 20 deep with 3 items each a value that grows past memory. A run must finish, so the
 * faker is given a schema narrowed to these bounds. Where the schema demands more than a bound allows,
 * the narrowed value breaks the schema, and synthesis falls back as for any value the faker cannot make
 * valid: the contract check then says which keyword the answer misses.
 */
export const MAX_STRING_LENGTH = 4096
export const MAX_ITEMS = 100
export const MAX_PROPERTIES = 100
/** Estimated size of a whole value, in values (a string counts one per 64 characters too). */
export const MAX_VALUE_SIZE = 5000

/**
 * The faker's own limits, which synthesize-json.ts passes as its options and the size estimate follows.
 * The faker fills whatever lies deeper than its depth limits with empty values that break the schema:
 * deep app schemas are allowed (12 levels), recursive $refs stopped early (4 nested $refs) so trees stay
 * small. An array with no `maxItems` gets `maxDefaultItems` items (all of them: `alwaysFakeOptionals`).
 */
export const FAKER_LIMITS = { maxDepth: 12, refDepthMax: 4, maxDefaultItems: 3 } as const

type Schema = Record<string, unknown>

/** Keywords whose values are data, not schemas: never rewritten. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples', 'example'])

const CAPS: ReadonlyArray<readonly [string, number]> = [
  ['minLength', MAX_STRING_LENGTH],
  ['maxLength', MAX_STRING_LENGTH],
  ['minItems', MAX_ITEMS],
  ['maxItems', MAX_ITEMS],
  ['minContains', MAX_ITEMS],
  ['maxContains', MAX_ITEMS],
  ['minProperties', MAX_PROPERTIES],
  ['maxProperties', MAX_PROPERTIES],
]

/**
 * The schema for the faker within the bounds: the schema itself (same object) when it fits them, so
 * ordinary schemas give exactly the values they always gave; a narrowed copy otherwise (each bound
 * keyword capped, then every array at its fewest items if the value would still be too big); undefined
 * when even its smallest value would be too big.
 */
export function boundedForFaker(schema: Schema): Schema | undefined {
  const capped = capBounds(schema) as Schema
  if (estimateSize(capped) <= MAX_VALUE_SIZE) return capped
  const fewest = fewestItems(capped) as Schema
  return estimateSize(fewest) <= MAX_VALUE_SIZE ? fewest : undefined
}

/** Keywords whose values map names to schemas: the map itself is no schema to edit. */
const MAP_KEYWORDS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'])

/** Copy-on-write walk over every schema node (data keywords left alone). */
function rewrite(node: unknown, edit: (node: Schema) => Schema, isMap = false): unknown {
  if (Array.isArray(node)) {
    let copy: unknown[] | undefined
    node.forEach((item, index) => {
      const next = rewrite(item, edit)
      if (next !== item) (copy ??= [...node])[index] = next
    })
    return copy ?? node
  }
  if (!isPlainObject(node)) return node
  let copy: Schema | undefined
  for (const [key, value] of Object.entries(node)) {
    if (DATA_KEYWORDS.has(key)) continue
    const next = rewrite(value, edit, !isMap && MAP_KEYWORDS.has(key))
    if (next !== value) (copy ??= { ...node })[key] = next
  }
  return isMap ? (copy ?? node) : edit(copy ?? node)
}

function capBounds(schema: Schema): unknown {
  return rewrite(schema, (node) => {
    let copy: Schema | undefined
    for (const [key, cap] of CAPS) {
      const value = node[key]
      if (typeof value === 'number' && value > cap) (copy ??= { ...node })[key] = cap
    }
    return copy ?? node
  })
}

function fewestItems(schema: Schema): unknown {
  return rewrite(schema, (node) => {
    if (!isArrayNode(node)) return node
    const fewest = typeof node.minItems === 'number' ? node.minItems : 0
    return node.maxItems === fewest ? node : { ...node, maxItems: fewest }
  })
}

function isArrayNode(node: Schema): boolean {
  return (
    typesOf(node).includes('array') ||
    node.items !== undefined ||
    node.prefixItems !== undefined ||
    node.minItems !== undefined
  )
}

/**
 * An upper estimate of the faker's value for the schema, in values, stopping once past the bound. It
 * follows the faker's own limits (depth, recursive `$ref`s) so a deep or recursive schema the faker
 * cuts short is not counted as infinite.
 */
function estimateSize(root: Schema): number {
  const over = MAX_VALUE_SIZE + 1
  const size = (node: unknown, depth: number, refs: number): number => {
    if (!isPlainObject(node) || depth > FAKER_LIMITS.maxDepth) return 1
    if (typeof node.$ref === 'string') {
      const target = refs < FAKER_LIMITS.refDepthMax ? resolveLocalRef(root, node.$ref) : undefined
      return target === undefined ? 1 : size(target, depth + 1, refs + 1)
    }
    let own = 1
    const branches = ['anyOf', 'oneOf', 'allOf'].flatMap((key) => (Array.isArray(node[key]) ? node[key] : []))
    for (const branch of branches) own = Math.max(own, size(branch, depth + 1, refs))
    if (isArrayNode(node)) {
      const min = typeof node.minItems === 'number' ? node.minItems : 0
      const count =
        typeof node.maxItems === 'number' ? Math.max(min, node.maxItems) : Math.max(min, FAKER_LIMITS.maxDefaultItems)
      let item = count > 0 ? size(node.items, depth + 1, refs) : 0
      if (Array.isArray(node.prefixItems))
        for (const prefix of node.prefixItems) item = Math.max(item, size(prefix, depth + 1, refs))
      own += Math.min(over, count * item)
    }
    if (isPlainObject(node.properties))
      for (const property of Object.values(node.properties)) {
        own += size(property, depth + 1, refs)
        if (own > over) return over
      }
    if (typeof node.minProperties === 'number' && node.minProperties > 0)
      own += node.minProperties * size(node.additionalProperties, depth + 1, refs)
    const length =
      typeof node.maxLength === 'number' ? node.maxLength : typeof node.minLength === 'number' ? node.minLength + 10 : 0
    own += Math.floor(length / 64)
    return Math.min(over, own)
  }
  return size(root, 0, 0)
}
