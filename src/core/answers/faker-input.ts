import { isPlainObject } from './json-edits.js'
import { resolveLocalRef } from '../json-pointer.js'

/**
 * Schemas shaped for json-schema-faker only. What they generate is always validated against the
 * original schemas (synthesize-json.ts), so these may narrow or combine, never loosen the contract.
 */

type Schema = Record<string, unknown>

/** Keywords whose values are data, not schemas: never rewritten. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples', 'example'])

/** Where the two whole schemas sit in the faker's input, for the `$ref`s of the parts used as they are. */
const FIRST = '/$defs/__cascade_schema'
const SECOND = '/$defs/__cascade_hint'

/** Dropped from merged nodes: definitions live in the two copies under `$defs`; annotations guide nothing. */
const DROPPED = new Set([
  '$schema',
  '$id',
  '$defs',
  'definitions',
  '$anchor',
  '$dynamicAnchor',
  '$comment',
  'title',
  'description',
  'examples',
])
/** Keywords whose meaning a merge of keywords cannot keep: such nodes are left to the faker's `allOf`. */
const COMPOSITE = ['anyOf', 'oneOf', 'allOf', 'not', 'if', '$dynamicRef', '$recursiveRef']
const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties', 'minContains']
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties', 'maxContains']

interface Side {
  root: Schema
  /** Where `root` is copied in the faker's input (FIRST or SECOND). */
  at: string
}

/** Merges reached through a `$ref`, kept under `$defs` by pair of nodes, so recursion stays a `$ref`. */
interface Merged {
  names: Map<string, string>
  defs: Schema
  ids: Map<object, number>
  /** A `$ref` with sibling keywords, combined with its target once, so the pair keeps one identity. */
  combined: Map<object, Schema>
}

/**
 * One schema for json-schema-faker that values of both `a` and `b` are drawn from: their keywords merged
 * node by node (types intersected, the tighter bound of each pair, enums intersected, `required` joined,
 * `properties` / `items` / `additionalProperties` merged recursively, `$ref`s followed). The faker's own
 * `allOf` merges only the top level of each keyword (it replaces `items` and `$ref`), which loses either
 * schema's array items; nodes with `anyOf`, `oneOf`, `not`, `if`... are still left to it. A merge
 * reached through a `$ref` is kept under `$defs` and referenced, once per pair of nodes, so a recursive
 * schema gives a recursive merge (the faker's `refDepthMax` bounds it as for any schema). Both schemas
 * are kept whole under `$defs` too, for the `$ref`s of the parts used as they are.
 *
 * A value from this schema is NOT trusted: the caller validates it against `a` and `b` separately.
 */
export function mergeForFaker(a: Schema, b: Schema): Schema {
  const first: Side = { root: a, at: FIRST }
  const second: Side = { root: b, at: SECOND }
  const state: Merged = { names: new Map(), defs: {}, ids: new Map(), combined: new Map() }
  const merged = merge(a, first, b, second, state)
  const $defs = { ...state.defs, __cascade_schema: rebase(a, FIRST), __cascade_hint: rebase(b, SECOND) }
  return isPlainObject(merged) && merged.$ref === undefined ? { ...merged, $defs } : { allOf: [merged], $defs }
}

function merge(x: unknown, X: Side, y: unknown, Y: Side, state: Merged): unknown {
  const dx = deref(x, X, state)
  const dy = deref(y, Y, state)
  if (dx === undefined || dy === undefined) return { allOf: [rebase(x, X.at), rebase(y, Y.at)] }
  if (!dx.followed && !dy.followed) return mergeNodes(dx.node, X, dy.node, Y, state)
  const key = `${idOf(dx.node, state)}|${idOf(dy.node, state)}`
  let name = state.names.get(key)
  if (name === undefined) {
    name = `__cascade_merged_${state.names.size}`
    // Named before it is built, so a recursion back to this pair finds the name and refers to it.
    state.names.set(key, name)
    state.defs[name] = mergeNodes(dx.node, X, dy.node, Y, state)
  }
  return { $ref: `#/$defs/${name}` }
}

function idOf(node: unknown, state: Merged): string {
  if (typeof node !== 'object' || node === null) return String(node)
  let id = state.ids.get(node)
  if (id === undefined) state.ids.set(node, (id = state.ids.size))
  return String(id)
}

function mergeNodes(a: unknown, X: Side, b: unknown, Y: Side, state: Merged): unknown {
  if (b === true || (isPlainObject(b) && Object.keys(b).length === 0)) return rebase(a, X.at)
  if (a === true || (isPlainObject(a) && Object.keys(a).length === 0)) return rebase(b, Y.at)
  if (!isPlainObject(a) || !isPlainObject(b)) return false
  if (COMPOSITE.some((key) => key in a || key in b)) return { allOf: [rebase(a, X.at), rebase(b, Y.at)] }

  // Plain keywords (format, pattern, multipleOf, ...) come from both, the first schema's winning a clash.
  const out: Schema = {}
  for (const [key, value] of Object.entries(b))
    if (!DROPPED.has(key)) out[key] = DATA_KEYWORDS.has(key) ? value : rebase(value, Y.at)
  for (const [key, value] of Object.entries(a))
    if (!DROPPED.has(key)) out[key] = DATA_KEYWORDS.has(key) ? value : rebase(value, X.at)

  if (a.type !== undefined && b.type !== undefined) out.type = intersectTypes(a.type, b.type)
  for (const key of LOWER_BOUNDS)
    if (typeof a[key] === 'number' && typeof b[key] === 'number') out[key] = Math.max(a[key], b[key])
  for (const key of UPPER_BOUNDS)
    if (typeof a[key] === 'number' && typeof b[key] === 'number') out[key] = Math.min(a[key], b[key])
  if (Array.isArray(a.enum) && Array.isArray(b.enum)) {
    const allowed = new Set(b.enum.map((value) => JSON.stringify(value)))
    out.enum = a.enum.filter((value) => allowed.has(JSON.stringify(value)))
  }
  if (Array.isArray(a.required) && Array.isArray(b.required))
    out.required = [...new Set([...a.required, ...b.required])]
  if (isPlainObject(a.properties) && isPlainObject(b.properties)) {
    // The first schema's order first: the faker writes properties in this order.
    const properties: Schema = {}
    for (const [name, value] of Object.entries(a.properties)) {
      properties[name] = name in b.properties ? merge(value, X, b.properties[name], Y, state) : rebase(value, X.at)
    }
    for (const [name, value] of Object.entries(b.properties))
      if (!(name in properties)) properties[name] = rebase(value, Y.at)
    out.properties = properties
  }
  if (a.additionalProperties !== undefined && b.additionalProperties !== undefined) {
    out.additionalProperties = merge(a.additionalProperties, X, b.additionalProperties, Y, state)
  }
  if (isSchemaLike(a.items) && isSchemaLike(b.items)) out.items = merge(a.items, X, b.items, Y, state)
  if (Array.isArray(a.prefixItems) && Array.isArray(b.prefixItems)) {
    const bItems = b.prefixItems
    out.prefixItems = a.prefixItems.map((item, i) =>
      i < bItems.length ? merge(item, X, bItems[i], Y, state) : rebase(item, X.at),
    )
  }
  return out
}

/** The node with its local `$ref`s followed (siblings of a `$ref` kept over its target); undefined when one cannot be. */
function deref(node: unknown, side: Side, state: Merged): { node: unknown; followed: boolean } | undefined {
  let hops = 0
  let current = node
  while (isPlainObject(current) && typeof current.$ref === 'string') {
    const ref = current.$ref
    if (hops >= 8 || (ref !== '#' && !ref.startsWith('#/'))) return undefined
    const target = resolveLocalRef(side.root, ref)
    if (target === undefined) return undefined
    const { $ref: _ref, ...siblings } = current
    void _ref
    if (isPlainObject(target) && Object.keys(siblings).length > 0) {
      const withSiblings = state.combined.get(current) ?? { ...target, ...siblings }
      state.combined.set(current, withSiblings)
      current = withSiblings
    } else current = target
    hops++
  }
  return { node: current, followed: hops > 0 }
}

function intersectTypes(a: unknown, b: unknown): unknown {
  const left = Array.isArray(a) ? a : [a]
  const right = Array.isArray(b) ? b : [b]
  const both = left.filter((type) => right.includes(type) || (type === 'integer' && right.includes('number')))
  for (const type of right)
    if (type === 'integer' && left.includes('number') && !both.includes('integer')) both.push('integer')
  // No type in common: keep the first schema's, the value fails the second and the caller falls back.
  if (both.length === 0) return a
  return both.length === 1 ? both[0] : both
}

function isSchemaLike(value: unknown): boolean {
  return typeof value === 'boolean' || isPlainObject(value)
}

/** The subtree with its local `$ref`s re-pointed to where its whole schema sits (`#/x` → `#<at>/x`). */
function rebase(node: unknown, at: string): unknown {
  if (Array.isArray(node)) return node.map((item) => rebase(item, at))
  if (!isPlainObject(node)) return node
  const copy: Schema = {}
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && (value === '#' || value.startsWith('#/')))
      copy[key] = `#${at}${value.slice(1)}`
    else copy[key] = DATA_KEYWORDS.has(key) ? value : rebase(value, at)
  }
  return copy
}

/** Where a bound is added to an unbounded number: json-schema-faker's own default range is ±1000. */
const MODEST_SPAN = 100

/** Keywords holding subschemas a value must (or may) meet; `not` is left alone: a bound there would invert. */
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems']
const SCHEMA_SLOTS = [
  'items',
  'additionalProperties',
  'contains',
  'then',
  'else',
  'unevaluatedProperties',
  'unevaluatedItems',
]

/**
 * The schema with modest ranges on `number` / `integer` nodes that leave a side unbounded: 0..100 with
 * no bound, `min..min+100` (or `min..0` below zero) with a lower bound only, `0..max` (or
 * `max-100..max` at or below zero) with an upper bound only. A model's numbers are rarely ±hundreds
 * with fractions (json-schema-faker's default ±1000): a score, a total or a count with modest values
 * reads like an answer, and a client that checks plausible ranges its schema could not state (Anthropic
 * rejects `minimum` / `maximum`) accepts it more often. Nodes with both bounds, an `enum` or a `const`
 * are untouched; unchanged subtrees are returned as is (the same object when nothing changes).
 */
export function withModestNumbers<T>(node: T): T {
  if (Array.isArray(node)) {
    let changed = false
    const items = node.map((item) => {
      const next = withModestNumbers(item)
      if (next !== item) changed = true
      return next
    })
    return (changed ? items : node) as T
  }
  if (!isPlainObject(node)) return node
  let copy: Schema | undefined
  const set = (key: string, value: unknown) => {
    copy ??= { ...node }
    copy[key] = value
  }
  for (const key of SCHEMA_SLOTS) {
    const value = node[key]
    if (value === undefined) continue
    const next = withModestNumbers(value)
    if (next !== value) set(key, next)
  }
  for (const key of SCHEMA_LISTS) {
    const value = node[key]
    if (!Array.isArray(value)) continue
    const next = withModestNumbers(value)
    if (next !== value) set(key, next)
  }
  for (const key of SCHEMA_MAPS) {
    const value = node[key]
    if (!isPlainObject(value)) continue
    let map: Schema | undefined
    for (const [name, sub] of Object.entries(value)) {
      const next = withModestNumbers(sub)
      if (next !== sub) (map ??= { ...value })[name] = next
    }
    if (map) set(key, map)
  }
  const bounds = modestBounds(node)
  if (bounds) for (const [key, value] of Object.entries(bounds)) set(key, value)
  return (copy ?? node) as T
}

function modestBounds(node: Schema): { minimum?: number; maximum?: number } | undefined {
  if (!isNumeric(node.type) || node.enum !== undefined || node.const !== undefined) return undefined
  const low = numberOr(node.minimum, node.exclusiveMinimum)
  const high = numberOr(node.maximum, node.exclusiveMaximum)
  if (low !== undefined && high !== undefined) return undefined
  if (low === undefined && high === undefined) return { minimum: 0, maximum: MODEST_SPAN }
  if (low !== undefined) return { maximum: low < 0 ? 0 : low + MODEST_SPAN }
  return { minimum: (high as number) > 0 ? 0 : (high as number) - MODEST_SPAN }
}

function isNumeric(type: unknown): boolean {
  return (
    type === 'number' ||
    type === 'integer' ||
    (Array.isArray(type) && (type.includes('number') || type.includes('integer')))
  )
}

/** The first of two values that is a number (draft-04's boolean `exclusiveMinimum` is not a bound). */
function numberOr(a: unknown, b: unknown): number | undefined {
  return typeof a === 'number' ? a : typeof b === 'number' ? b : undefined
}
