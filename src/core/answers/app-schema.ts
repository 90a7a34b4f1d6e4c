import { compileSchema } from '../contract/schema-validator.js'
import type { ChatRequest, JsonSchema } from '../types.js'
import { typesOf } from '../portability/schema-walk.js'
import { isPlainObject } from './json-edits.js'

/**
 * The app's schema (`expect.result` as JSON Schema) read against the wire schema (response_format or
 * a tool's parameters): where the app is stricter than what the model is told, a model may send an
 * answer the router and the wire contract accept and the app must refuse. This module finds those
 * places (lint's `contract-gap`), builds the nearest such answer (the `outside_app_schema` quirk), and
 * gives synthesis the app's bounds on the wire's shape (clean answers stay kind to careful apps).
 */

type Schema = Record<string, unknown>

/** One place where the app's schema is stricter than the wire schema. */
export interface ContractGap {
  /** Path segments into the answer value (property names and `*` for every array item). */
  segments: string[]
  /** JSON path into the answer: `$.priority`, `$.items[*].qty`. */
  path: string
  /** The app's keyword the wire schema lacks or has looser (`maximum`, `required`, `enum`...). */
  keyword: string
  /** The app's value of that keyword (for `required`: the key). */
  app: unknown
  /** The wire's value of that keyword, undefined when the wire does not say. */
  wire: unknown
}

/** Keywords whose larger value is stricter, and whose smaller value is. */
const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'] as const
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'] as const
/** Keywords that narrow whatever value they are on: a difference is a gap. */
const NARROWING = ['pattern', 'format', 'multipleOf', 'const', 'uniqueItems'] as const

const projections = new WeakMap<object, WeakMap<object, Schema>>()

/**
 * The app's schema restricted to the wire's shape: only the properties the wire declares (the app may
 * add its own fields, such as `used`, to what it returns), no `additionalProperties` rule of its own
 * (the wire decides which keys the model may send). What remains are the app's bounds on the model's
 * answer, which synthesis can meet and a quirk can break. Memoized per (app, wire) pair.
 */
export function projectOnto(app: Schema, wire: Schema): Schema {
  let byWire = projections.get(app)
  if (byWire === undefined) projections.set(app, (byWire = new WeakMap()))
  let projected = byWire.get(wire)
  if (projected === undefined) byWire.set(wire, (projected = project(app, wire)))
  return projected
}

function project(app: Schema, wire: Schema): Schema {
  const { properties, required, additionalProperties: _a, unevaluatedProperties: _u, $schema: _s, items, ...rest } = app
  void _s
  const out: Schema = { ...rest }
  const wireProperties = isPlainObject(wire.properties) ? wire.properties : undefined
  // Where the wire does not spell its shape out here (a `$ref`, no `properties`), the app's stays whole.
  if (wireProperties === undefined) {
    if (properties !== undefined) out.properties = properties
    if (required !== undefined) out.required = required
    if (_a !== undefined) out.additionalProperties = _a
    if (_u !== undefined) out.unevaluatedProperties = _u
  } else if (isPlainObject(properties)) {
    const kept: Schema = {}
    for (const [key, sub] of Object.entries(properties)) {
      const wireSub = wireProperties[key]
      if (!isPlainObject(wireSub)) continue
      kept[key] = isPlainObject(sub) ? project(sub, wireSub) : sub
    }
    out.properties = kept
    if (Array.isArray(required)) out.required = required.filter((key) => typeof key === 'string' && key in kept)
  }
  if (isPlainObject(items) && isPlainObject(wire.items)) out.items = project(items, wire.items)
  else if (items !== undefined) out.items = items
  return out
}

/** Every place the app's schema (projected onto the wire's shape) is stricter than the wire schema, in document order. */
export function contractGaps(app: JsonSchema, wire: JsonSchema): ContractGap[] {
  if (!isPlainObject(app) || !isPlainObject(wire)) return []
  const gaps: ContractGap[] = []
  walk(projectOnto(app, wire), wire, [], gaps)
  return gaps
}

function walk(app: Schema, wire: Schema, segments: string[], gaps: ContractGap[]): void {
  const gap = (keyword: string, appValue: unknown, wireValue: unknown) =>
    gaps.push({ segments, path: pathOf(segments), keyword, app: appValue, wire: wireValue })
  for (const keyword of LOWER_BOUNDS) {
    const a = app[keyword]
    const w = wire[keyword]
    if (typeof a === 'number' && !isSafeIntegerLimit(a) && !(typeof w === 'number' && w >= a)) gap(keyword, a, w)
  }
  for (const keyword of UPPER_BOUNDS) {
    const a = app[keyword]
    const w = wire[keyword]
    if (typeof a === 'number' && !isSafeIntegerLimit(a) && !(typeof w === 'number' && w <= a)) gap(keyword, a, w)
  }
  for (const keyword of NARROWING) {
    if (
      app[keyword] !== undefined &&
      app[keyword] !== false &&
      JSON.stringify(app[keyword]) !== JSON.stringify(wire[keyword])
    )
      gap(keyword, app[keyword], wire[keyword])
  }
  if (Array.isArray(app.enum)) {
    const wireEnum = Array.isArray(wire.enum) ? wire.enum.map((v) => JSON.stringify(v)) : undefined
    const appEnum = new Set(app.enum.map((v) => JSON.stringify(v)))
    if (wireEnum === undefined || wireEnum.some((v) => !appEnum.has(v))) gap('enum', app.enum, wire.enum)
  }
  if (typesOf(app).includes('integer') && !typesOf(app).includes('number') && typesOf(wire).includes('number'))
    gap('type', app.type, wire.type)
  const wireRequired = new Set(Array.isArray(wire.required) ? wire.required : [])
  const appProperties = isPlainObject(app.properties) ? app.properties : {}
  const wireProperties = isPlainObject(wire.properties) ? wire.properties : {}
  for (const key of Array.isArray(app.required) ? app.required : []) {
    if (typeof key === 'string' && !wireRequired.has(key))
      gaps.push({
        segments: [...segments, key],
        path: pathOf([...segments, key]),
        keyword: 'required',
        app: key,
        wire: undefined,
      })
  }
  for (const [key, sub] of Object.entries(appProperties)) {
    const wireSub = wireProperties[key]
    if (isPlainObject(sub) && isPlainObject(wireSub)) walk(sub, wireSub, [...segments, key], gaps)
  }
  if (isPlainObject(app.items) && isPlainObject(wire.items)) walk(app.items, wire.items, [...segments, '*'], gaps)
}

/** zod writes `.int()` as bounds at ±Number.MAX_SAFE_INTEGER: what a JSON number can hold exactly, not an app's bound. */
function isSafeIntegerLimit(value: number): boolean {
  return Math.abs(value) === Number.MAX_SAFE_INTEGER
}

function pathOf(segments: readonly string[]): string {
  let path = '$'
  for (const segment of segments)
    path +=
      segment === '*'
        ? '[*]'
        : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)
          ? `.${segment}`
          : `[${JSON.stringify(segment)}]`
  return path
}

/**
 * The nearest value to `value` that the wire schema accepts and the app's schema refuses: one field
 * moved just past the app's bound (`maximum: 5` → 6, a string one character too long, a key the app
 * requires left out...). Undefined when no single edit gets there (no gap, or the wire forbids it too).
 */
export function outsideAppValue(value: unknown, wire: JsonSchema, app: JsonSchema): unknown {
  if (!isPlainObject(app) || !isPlainObject(wire)) return undefined
  const projected = projectOnto(app, wire)
  const wireCheck = compileSchema(wire)
  const appCheck = compileSchema(projected)
  // A value moved past a bound is nearer to the answer than a key left out: bounds first.
  const gaps = contractGaps(app, wire)
  const ordered = [...gaps.filter((g) => g.keyword !== 'required'), ...gaps.filter((g) => g.keyword === 'required')]
  for (const gap of ordered) {
    for (const candidate of candidatesFor(value, gap)) {
      if (wireCheck(candidate).length === 0 && appCheck(candidate).length > 0) return candidate
    }
  }
  return undefined
}

/** Values with the gap's field edited past the app's bound, nearest first. */
function candidatesFor(value: unknown, gap: ContractGap): unknown[] {
  const last = gap.segments.at(-1)
  if (gap.keyword === 'required' && last !== undefined) {
    return editAt(value, gap.segments.slice(0, -1), (parent) => {
      if (!isPlainObject(parent) || !(last in parent)) return []
      const { [last]: _dropped, ...rest } = parent
      void _dropped
      return [rest]
    })
  }
  return editAt(value, gap.segments, (current) => beyond(current, gap))
}

function beyond(current: unknown, gap: ContractGap): unknown[] {
  const a = gap.app
  switch (gap.keyword) {
    case 'minimum':
      return typeof a === 'number' ? [Number.isInteger(a) ? a - 1 : a - 0.5] : []
    case 'exclusiveMinimum':
      return typeof a === 'number' ? [a] : []
    case 'maximum':
      return typeof a === 'number' ? [Number.isInteger(a) ? a + 1 : a + 0.5] : []
    case 'exclusiveMaximum':
      return typeof a === 'number' ? [a] : []
    case 'minLength':
      return typeof a === 'number' && typeof current === 'string' ? [current.slice(0, Math.max(0, a - 1)), ''] : []
    case 'maxLength':
      return typeof a === 'number'
        ? [`${typeof current === 'string' ? current : ''}${'x'.repeat(a + 1)}`.slice(0, a + 1)]
        : []
    case 'minItems':
      return typeof a === 'number' && Array.isArray(current) ? [current.slice(0, Math.max(0, a - 1))] : []
    case 'maxItems':
      return typeof a === 'number' && Array.isArray(current) && current.length > 0
        ? [Array.from({ length: a + 1 }, (_, i) => current[i % current.length])]
        : []
    case 'uniqueItems':
      return Array.isArray(current) && current.length > 0 ? [[...current, current[0]]] : []
    case 'multipleOf':
      return typeof a === 'number' && typeof current === 'number' ? [current + a / 2, current + 1] : []
    case 'type':
      return typeof current === 'number' ? [Math.trunc(current) + 0.5] : [0.5]
    case 'enum': {
      const allowed = Array.isArray(a) ? a : []
      const fromWire = Array.isArray(gap.wire)
        ? gap.wire.filter((v) => !allowed.some((x) => JSON.stringify(x) === JSON.stringify(v)))
        : []
      const sample = allowed.find((v) => typeof v === 'string')
      return [
        ...fromWire,
        ...(typeof sample === 'string' ? [`${sample}_other`] : []),
        ...(allowed.some((v) => typeof v === 'number')
          ? [Math.max(...allowed.filter((v): v is number => typeof v === 'number')) + 1]
          : []),
      ]
    }
    case 'const':
      return typeof a === 'string'
        ? [`${a}_other`]
        : typeof a === 'number'
          ? [a + 1]
          : typeof a === 'boolean'
            ? [!a]
            : []
    case 'pattern':
    case 'format':
      return ['', 'not a valid value', '~']
    default:
      return []
  }
}

/** `value` with the node at `segments` replaced by each of `edit(node)`'s values (`*`: the first array item). */
function editAt(value: unknown, segments: readonly string[], edit: (node: unknown) => unknown[]): unknown[] {
  if (segments.length === 0) return edit(value)
  const [head, ...rest] = segments as [string, ...string[]]
  if (head === '*') {
    if (!Array.isArray(value) || value.length === 0) return []
    return editAt(value[0], rest, edit).map((item) => [item, ...value.slice(1)])
  }
  if (!isPlainObject(value) || !(head in value)) return []
  return editAt(value[head], rest, edit).map((child) => ({ ...value, [head]: child }))
}

/** The wire schemas of a request an app's result may mirror: the response_format's, else each tool's parameters. */
export interface WireSchema {
  /** JSON path of the schema in the scenario: `request.response_format.json_schema.schema`, `request.tools[0].function.parameters`. */
  path: string
  /** What a sentence calls it: `the response_format schema`, `the parameters of tool "x"`. */
  name: string
  schema: Schema
}

export function wireSchemasOf(request: ChatRequest): WireSchema[] {
  const format = request.response_format
  if (format?.type === 'json_schema' && isPlainObject(format.json_schema?.schema)) {
    return [
      {
        path: 'request.response_format.json_schema.schema',
        name: 'the response_format schema',
        schema: format.json_schema.schema,
      },
    ]
  }
  return (Array.isArray(request.tools) ? request.tools : []).flatMap((tool, index) =>
    isPlainObject(tool?.function?.parameters)
      ? [
          {
            path: `request.tools[${index}].function.parameters`,
            name: `the parameters of tool "${tool.function.name}"`,
            schema: tool.function.parameters,
          },
        ]
      : [],
  )
}

/** Whether the app's schema is stricter than a wire schema of the request anywhere: the matrix then plans `outside_app_schema`. */
export function hasContractGap(request: ChatRequest, app: JsonSchema | undefined): boolean {
  return app !== undefined && wireSchemasOf(request).some((wire) => contractGaps(app, wire.schema).length > 0)
}
