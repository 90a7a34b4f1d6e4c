import { isSchemaObject } from '../portability/schema-walk.js'
import { resolveLocalRef } from '../json-pointer.js'

type SchemaObject = Record<string, unknown>

/** Keywords whose subschemas apply to the same value as their parent: a loop through them never ends. */
const IN_PLACE_LISTS = ['allOf', 'anyOf', 'oneOf'] as const
const IN_PLACE_SINGLES = ['not', 'if', 'then', 'else'] as const
/** Keywords holding subschemas, walked to find every node (a loop may sit under `properties`). */
const MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'] as const
const SINGLES = [
  'items',
  'additionalProperties',
  'contains',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
  'additionalItems',
] as const

/** The keywords that apply another subschema to the same value. */
const REF_KEYWORDS = ['$ref', '$dynamicRef', '$recursiveRef'] as const
type RefKeyword = (typeof REF_KEYWORDS)[number]

/**
 * The first reference that closes a loop with no object or array in between (`{"$ref": "#"}`, two
 * definitions that only refer to each other, `{"$recursiveRef": "#"}`), as the path segments of that
 * keyword from the root; or undefined. Such a schema constrains nothing and sends validators and value
 * generators into endless recursion (a stack overflow), unlike a recursive tree whose reference sits
 * under `properties` or `items`. Followed: local `$ref`s (`#`, `#/...`, `#name` for an `$anchor`), and
 * `$dynamicRef` / `$recursiveRef` as the validator (ajv) reads them: to the root, or to the node of a
 * matching `$dynamicAnchor`.
 */
export function refLoop(root: SchemaObject): (string | number)[] | undefined {
  const pathOf = new Map<SchemaObject, (string | number)[]>()
  // Every subschema, with its path, iteratively (a deep schema must not overflow this check itself).
  const stack: { node: SchemaObject; path: (string | number)[] }[] = [{ node: root, path: [] }]
  while (stack.length > 0) {
    const { node, path } = stack.pop()!
    if (pathOf.has(node)) continue
    pathOf.set(node, path)
    for (const keyword of MAPS) {
      const map = node[keyword]
      if (isSchemaObject(map))
        for (const [key, child] of Object.entries(map))
          if (isSchemaObject(child)) stack.push({ node: child, path: [...path, keyword, key] })
    }
    for (const keyword of [...IN_PLACE_LISTS, 'prefixItems'] as const) {
      const list = node[keyword]
      if (Array.isArray(list))
        list.forEach((child, i) => isSchemaObject(child) && stack.push({ node: child, path: [...path, keyword, i] }))
    }
    for (const keyword of [...IN_PLACE_SINGLES, ...SINGLES]) {
      const child = node[keyword]
      if (isSchemaObject(child)) stack.push({ node: child, path: [...path, keyword] })
      else if (keyword === 'items' && Array.isArray(child))
        child.forEach((c, i) => isSchemaObject(c) && stack.push({ node: c, path: [...path, keyword, i] }))
    }
  }

  const anchors = new Map<string, SchemaObject[]>()
  for (const node of pathOf.keys())
    for (const keyword of ['$anchor', '$dynamicAnchor'])
      if (typeof node[keyword] === 'string') anchors.set(node[keyword], [...(anchors.get(node[keyword]) ?? []), node])

  const targetsOf = (node: SchemaObject, keyword: RefKeyword): SchemaObject[] => {
    const ref = node[keyword]
    if (typeof ref !== 'string') return []
    if (keyword === '$ref') {
      // `#name` names the node with that `$anchor`; anything else is a JSON Pointer.
      if (ref.startsWith('#') && !ref.startsWith('#/') && ref !== '#') return anchors.get(ref.slice(1)) ?? []
      const target = resolvePointer(root, ref)
      return target === undefined ? [] : [target]
    }
    // ajv calls the root's validator for these, or the node of the `$dynamicAnchor` in scope at run time.
    return [root, ...(ref.startsWith('#') ? (anchors.get(ref.slice(1)) ?? []) : [])]
  }

  const inPlace = (node: SchemaObject): { next: SchemaObject; via?: RefKeyword }[] => {
    const edges: { next: SchemaObject; via?: RefKeyword }[] = []
    for (const keyword of REF_KEYWORDS) for (const next of targetsOf(node, keyword)) edges.push({ next, via: keyword })
    for (const keyword of IN_PLACE_LISTS) {
      const list = node[keyword]
      if (Array.isArray(list)) for (const child of list) if (isSchemaObject(child)) edges.push({ next: child })
    }
    for (const keyword of IN_PLACE_SINGLES) {
      const child = node[keyword]
      if (isSchemaObject(child)) edges.push({ next: child })
    }
    return edges
  }

  // Depth-first search for a cycle over in-place edges, iterative, with the usual three colours.
  const state = new Map<SchemaObject, 'open' | 'done'>()
  for (const start of pathOf.keys()) {
    if (state.has(start)) continue
    const frames: { node: SchemaObject; edges: { next: SchemaObject; via?: RefKeyword }[]; index: number }[] = [
      { node: start, edges: inPlace(start), index: 0 },
    ]
    state.set(start, 'open')
    while (frames.length > 0) {
      const frame = frames.at(-1)!
      if (frame.index >= frame.edges.length) {
        state.set(frame.node, 'done')
        frames.pop()
        continue
      }
      const { next, via } = frame.edges[frame.index++]!
      const seen = state.get(next)
      if (seen === 'open') {
        // The edge that closes the loop: the reference itself, or the nearest reference on the loop.
        if (via !== undefined) return [...(pathOf.get(frame.node) ?? []), via]
        for (const open of [...frames].reverse()) {
          const keyword = REF_KEYWORDS.find((k) => typeof open.node[k] === 'string')
          if (keyword !== undefined) return [...(pathOf.get(open.node) ?? []), keyword]
        }
        return [...(pathOf.get(frame.node) ?? []), '$ref']
      }
      if (seen === undefined) {
        state.set(next, 'open')
        frames.push({ node: next, edges: inPlace(next), index: 0 })
      }
    }
  }
  return undefined
}

/** The subschema a local `$ref` (`#`, `#/$defs/a`, `#/properties/x`) points at, if it exists. */
function resolvePointer(root: SchemaObject, ref: string): SchemaObject | undefined {
  const target = resolveLocalRef(root, ref)
  return isSchemaObject(target) ? target : undefined
}
