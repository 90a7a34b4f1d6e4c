import type { z } from 'zod'

/**
 * Reads a zod v4 schema's structure (its `_zod.def`, zod's documented introspection surface) to
 * find what an issue's sentence needs: the fields an object at a path accepts (for a did-you-mean
 * on an unknown key) and how a union's options look (for "expected "matrix", a list, or ...").
 * Only wrappers and containers are walked; leaf types are described, never special-cased by field.
 */

type Schema = z.core.$ZodType

interface Def {
  type: string
  shape?: Record<string, Schema>
  element?: Schema
  valueType?: Schema
  options?: Schema[]
  innerType?: Schema
  in?: Schema
  left?: Schema
  right?: Schema
  items?: Schema[]
  rest?: Schema | null
  values?: unknown[]
  entries?: Record<string, unknown>
  getter?: () => Schema
}

const defOf = (schema: Schema): Def => schema._zod.def as unknown as Def

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'readonly', 'catch', 'success'])

/** Peels wrappers (optional, default, pipe input, lazy) off a schema, keeping unions whole. */
function unwrap(schema: Schema, depth = 0): Schema {
  const def = defOf(schema)
  if (depth > 50) return schema
  if (WRAPPERS.has(def.type) && def.innerType) return unwrap(def.innerType, depth + 1)
  if (def.type === 'pipe' && def.in) return unwrap(def.in, depth + 1)
  if (def.type === 'lazy' && def.getter) return unwrap(def.getter(), depth + 1)
  return schema
}

/** Every non-union schema a value at this point may be checked against. */
function alternatives(schema: Schema, depth = 0): Schema[] {
  const bare = unwrap(schema)
  const def = defOf(bare)
  if (depth > 20) return [bare]
  if (def.type === 'union' && def.options) return def.options.flatMap((option) => alternatives(option, depth + 1))
  if (def.type === 'intersection' && def.left && def.right)
    return [...alternatives(def.left, depth + 1), ...alternatives(def.right, depth + 1)]
  return [bare]
}

function child(schema: Schema, key: PropertyKey): Schema[] {
  const def = defOf(schema)
  if (def.type === 'object' && typeof key === 'string' && def.shape && key in def.shape) return [def.shape[key]!]
  if (def.type === 'array' && typeof key === 'number' && def.element) return [def.element]
  if (def.type === 'record' && def.valueType) return [def.valueType]
  if (def.type === 'tuple' && typeof key === 'number') {
    const item = def.items?.[key] ?? def.rest
    return item ? [item] : []
  }
  return []
}

/** The schemas at `path`, wrappers peeled, unions on the way flattened, the last one kept whole. */
function schemasAt(root: Schema, path: readonly PropertyKey[]): Schema[] {
  let current = [unwrap(root)]
  for (const key of path)
    current = current
      .flatMap((schema) => alternatives(schema))
      .flatMap((schema) => child(schema, key))
      .map((s) => unwrap(s))
  return current
}

/** The field names the object schema(s) at `path` accept, in declaration order. */
export function fieldsAt(root: Schema, path: readonly PropertyKey[]): string[] {
  const fields = new Set<string>()
  for (const schema of schemasAt(root, path).flatMap((s) => alternatives(s))) {
    const def = defOf(schema)
    if (def.type === 'object' && def.shape) for (const key of Object.keys(def.shape)) fields.add(key)
  }
  return [...fields]
}

/** The options of the union at `path`, in the order zod reports its branches. */
export function optionsOfUnionAt(root: Schema, path: readonly PropertyKey[]): Schema[] | undefined {
  for (const schema of schemasAt(root, path)) {
    const def = defOf(schema)
    if (def.type === 'union' && def.options) return def.options
  }
  return undefined
}

const LEAVES: Record<string, [one: string, many: string]> = {
  string: ['a string', 'strings'],
  number: ['a number', 'numbers'],
  int: ['a whole number', 'whole numbers'],
  boolean: ['true or false', 'booleans'],
  null: ['null', 'nulls'],
  function: ['a function', 'functions'],
}

/** A short human description of a schema (`"matrix"`, `a list of { name, at, expect }`), or undefined. */
export function describeSchema(schema: Schema, depth = 0): string | undefined {
  const bare = unwrap(schema)
  const def = defOf(bare)
  if (depth > 3) return undefined
  switch (def.type) {
    case 'literal':
      return def.values?.map((v) => JSON.stringify(v)).join(' or ')
    case 'enum':
      return def.entries
        ? Object.values(def.entries)
            .map((v) => JSON.stringify(v))
            .join(', ')
        : undefined
    case 'object':
      return def.shape ? `{ ${Object.keys(def.shape).join(', ')} }` : 'an object'
    case 'record':
      return 'an object'
    case 'array': {
      if (!def.element) return 'a list'
      const element = unwrap(def.element)
      const leaf = LEAVES[defOf(element).type]
      if (leaf) return `a list of ${leaf[1]}`
      const inner = describeSchema(element, depth + 1)
      return inner ? `a list of ${inner}` : 'a list'
    }
    case 'union': {
      const parts = def.options?.map((o) => describeSchema(o, depth + 1))
      return parts && parts.every((p) => p !== undefined) ? parts.join(' or ') : undefined
    }
    default:
      return LEAVES[def.type]?.[0]
  }
}
