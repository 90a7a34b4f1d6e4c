import type { ChatRequest } from '../types.js'
import { jsonPath } from '../json-path.js'

type SchemaObject = Record<string, unknown>

/** A JSON Schema the request sends: a tool's parameters or the response_format schema. */
export interface SchemaSource {
  kind: 'tool' | 'response_format'
  /** The tool's or the format's name. */
  name: string
  /** How sentences name it: `tool extract_invoice's parameters`, `the response_format schema`. */
  label: string
  /** `request.tools[0].function.parameters`, `request.response_format.json_schema.schema`. */
  path: string
  schema: SchemaObject
  strict: boolean
}

export function schemasOf(request: ChatRequest): SchemaSource[] {
  const sources: SchemaSource[] = []
  const format = request.response_format
  if (format && format.type === 'json_schema' && isSchemaObject(format.json_schema?.schema)) {
    sources.push({
      kind: 'response_format',
      name: format.json_schema.name,
      label: 'the response_format schema',
      path: 'request.response_format.json_schema.schema',
      schema: format.json_schema.schema,
      strict: format.json_schema.strict === true,
    })
  }
  if (Array.isArray(request.tools)) {
    request.tools.forEach((tool, i) => {
      const parameters = tool?.function?.parameters
      if (!isSchemaObject(parameters)) return
      sources.push({
        kind: 'tool',
        name: tool.function.name,
        label: `tool ${tool.function.name}'s parameters`,
        path: jsonPath([i, 'function', 'parameters'], 'request.tools'),
        schema: parameters,
        strict: tool.function.strict === true,
      })
    })
  }
  return sources
}

/** One subschema, with where it is and how deep it sits among objects. */
export interface SchemaNode {
  schema: SchemaObject
  path: string
  isRoot: boolean
  /** Object schemas from the root down to this node, this node included when it is one. */
  objectDepth: number
  /** Inside `$defs`/`definitions`: the definition's name. */
  definition: string | undefined
}

const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'] as const
const SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const
const SCHEMA_SINGLES = [
  'items',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
  'additionalItems',
] as const

/** Every subschema in document order, the root first. Shared object references are visited once per place. */
export function walkSchema(root: SchemaObject, basePath: string): SchemaNode[] {
  const nodes: SchemaNode[] = []
  const ancestors = new Set<SchemaObject>()
  const visit = (schema: SchemaObject, path: string, depth: number, definition: string | undefined) => {
    if (ancestors.has(schema)) return // a cycle of object references (possible in TypeScript scenarios)
    const objectDepth = depth + (isObjectSchema(schema) ? 1 : 0)
    nodes.push({ schema, path, isRoot: nodes.length === 0, objectDepth, definition })
    ancestors.add(schema)
    for (const keyword of SCHEMA_MAPS) {
      const map = schema[keyword]
      if (!isSchemaObject(map)) continue
      for (const [key, child] of Object.entries(map)) {
        if (isSchemaObject(child))
          visit(
            child,
            jsonPath([keyword, key], path),
            objectDepth,
            keyword === '$defs' || keyword === 'definitions' ? key : definition,
          )
      }
    }
    for (const keyword of SCHEMA_LISTS) {
      const items = schema[keyword]
      if (Array.isArray(items))
        items.forEach(
          (child, i) => isSchemaObject(child) && visit(child, jsonPath([keyword, i], path), objectDepth, definition),
        )
    }
    for (const keyword of SCHEMA_SINGLES) {
      const child = schema[keyword]
      if (isSchemaObject(child)) visit(child, jsonPath([keyword], path), objectDepth, definition)
      else if (keyword === 'items' && Array.isArray(child))
        child.forEach((c, i) => isSchemaObject(c) && visit(c, jsonPath([keyword, i], path), objectDepth, definition))
    }
    ancestors.delete(schema)
  }
  visit(root, basePath, 0, undefined)
  return nodes
}

export function isSchemaObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function typesOf(schema: SchemaObject): string[] {
  const type = schema.type
  return typeof type === 'string'
    ? [type]
    : Array.isArray(type)
      ? type.filter((t): t is string => typeof t === 'string')
      : []
}

/** An object schema: `type: "object"` (alone or in a type list), or `properties` without a type. */
export function isObjectSchema(schema: SchemaObject): boolean {
  const types = typesOf(schema)
  return types.includes('object') || (types.length === 0 && isSchemaObject(schema.properties))
}

/**
 * `$ref`s that make the schema recursive: `"#"` (the root), or a definition that reaches itself through
 * other definitions. Returns the paths of the `$ref` keywords that close a cycle.
 */
export function recursiveRefs(nodes: SchemaNode[]): string[] {
  const defRef = (ref: unknown) =>
    typeof ref === 'string' ? /^#\/(?:\$defs|definitions)\/([^/]+)$/.exec(ref)?.[1] : undefined
  const edges = new Map<string, Set<string>>()
  for (const node of nodes) {
    const target = defRef(node.schema.$ref)
    if (node.definition !== undefined && target !== undefined) {
      if (!edges.has(node.definition)) edges.set(node.definition, new Set())
      edges.get(node.definition)!.add(target)
    }
  }
  const reaches = (from: string, to: string, seen = new Set<string>()): boolean => {
    if (seen.has(from)) return false
    seen.add(from)
    for (const next of edges.get(from) ?? []) if (next === to || reaches(next, to, seen)) return true
    return false
  }
  const found: string[] = []
  for (const node of nodes) {
    const ref = node.schema.$ref
    const target = defRef(ref)
    if (
      ref === '#' ||
      (node.definition !== undefined &&
        target !== undefined &&
        (target === node.definition || reaches(target, node.definition)))
    ) {
      found.push(jsonPath(['$ref'], node.path))
    }
  }
  return found
}
