import { jsonPath } from '../json-path.js'
import { isObjectSchema, isSchemaObject, walkSchema } from './schema-walk.js'
import { list } from '../words.js'

/**
 * OpenAI Structured Outputs in strict mode (`strict: true` on response_format or a function), from
 * OpenAI's "Structured Outputs: supported schemas" docs as encoded with limits by the jsonschemaprofiles
 * project (baseline 2026-02); see docs/schema-portability.md. A schema that breaks a rule is rejected
 * with a 400 (`Invalid schema for response_format '<name>': In context=(...), ...`), so every request to
 * an OpenAI step fails and the router moves on. Pure: the emulator can use it for its natural 400.
 */
export interface StrictViolation {
  /** A short id for the kind of violation (`required`, `additional-properties`, `keyword`, `limit` ...). */
  kind: 'root' | 'required' | 'additional-properties' | 'keyword' | 'limit'
  path: string
  /** The subschema the problem is in (the object, for a missing `required` entry), for sentences. */
  at: string
  /** The problem, as a clause: `properties.customer lists no "required" entry for email and phone`. */
  problem: string
  fix: string
  /** False where the docs leave it open (`oneOf`), which makes the finding a warning. */
  confirmed: boolean
}

/** Keywords strict mode rejects wherever they appear. */
const UNSUPPORTED: Record<string, { fix: string; confirmed: boolean }> = {
  allOf: { fix: 'merge the allOf branches into one object schema', confirmed: true },
  not: { fix: 'remove it and check the condition in expect.result', confirmed: true },
  if: { fix: 'remove if/then/else and model the cases with anyOf', confirmed: true },
  then: { fix: 'remove if/then/else and model the cases with anyOf', confirmed: true },
  else: { fix: 'remove if/then/else and model the cases with anyOf', confirmed: true },
  dependentRequired: { fix: 'remove it and check the dependency in expect.result', confirmed: true },
  dependentSchemas: { fix: 'remove it and check the dependency in expect.result', confirmed: true },
  // The table in docs/schema-portability.md#table marks oneOf as "rejects (?)".
  oneOf: { fix: 'replace oneOf with anyOf', confirmed: false },
}

/** Limits from the docs (2026-02). Older docs said 100 properties and 5 levels: some users still quote those. */
export const OPENAI_STRICT_LIMITS = {
  properties: 5_000,
  nesting: 10,
  enumValues: 1_000,
  characters: 120_000,
  largeEnumValues: 250,
  largeEnumCharacters: 15_000,
} as const

export function checkOpenAiStrict(schema: Record<string, unknown>, basePath: string): StrictViolation[] {
  const violations: StrictViolation[] = []
  const nodes = walkSchema(schema, basePath)
  const root = nodes[0]
  if (!root) return violations

  if (Array.isArray(schema.anyOf) && !isObjectSchema(schema)) {
    violations.push({
      kind: 'root',
      path: basePath,
      at: basePath,
      problem: 'the root is an anyOf, not an object',
      fix: 'wrap the union in an object: { type: "object", properties: { result: { anyOf: [...] } }, required: ["result"], additionalProperties: false }',
      confirmed: true,
    })
  } else if (!isObjectSchema(schema)) {
    violations.push({
      kind: 'root',
      path: basePath,
      at: basePath,
      problem: `the root is ${schema.type === undefined ? 'not typed as an object' : `of type ${JSON.stringify(schema.type)}, not an object`}`,
      fix: 'make the root { type: "object", ... } and put the value in a property',
      confirmed: true,
    })
  }

  let properties = 0
  let enumValues = 0
  let characters = 0
  let deepest = root
  for (const node of nodes) {
    const s = node.schema
    if (node.objectDepth > deepest.objectDepth) deepest = node
    for (const defs of [s.$defs, s.definitions])
      if (isSchemaObject(defs)) for (const name of Object.keys(defs)) characters += name.length
    if (isObjectSchema(s)) {
      const declared = isSchemaObject(s.properties) ? Object.keys(s.properties) : []
      properties += declared.length
      for (const name of declared) characters += name.length
      const required = Array.isArray(s.required) ? s.required : []
      const missing = declared.filter((name) => !required.includes(name))
      if (missing.length > 0) {
        violations.push({
          kind: 'required',
          path: jsonPath(['required'], node.path),
          at: node.path,
          problem: `${list(missing.map((m) => `"${m}"`))} ${missing.length === 1 ? 'is' : 'are'} missing from required (strict mode needs every property listed)`,
          fix: `add ${list(missing.map((m) => `"${m}"`))} to required and write optional fields as a union with null (type: ["string", "null"])`,
          confirmed: true,
        })
      }
      if (s.additionalProperties !== false) {
        violations.push({
          kind: 'additional-properties',
          path: jsonPath(['additionalProperties'], node.path),
          at: node.path,
          problem:
            s.additionalProperties === undefined
              ? 'the object lacks additionalProperties: false'
              : `additionalProperties is ${JSON.stringify(s.additionalProperties)}, not false`,
          fix: 'set additionalProperties: false on this object',
          confirmed: true,
        })
      }
    }
    for (const [keyword, rule] of Object.entries(UNSUPPORTED)) {
      if (keyword in s)
        violations.push({
          kind: 'keyword',
          path: jsonPath([keyword], node.path),
          at: node.path,
          problem: `${keyword} is not supported`,
          fix: rule.fix,
          confirmed: rule.confirmed,
        })
    }
    const values = Array.isArray(s.enum) ? s.enum : []
    enumValues += values.length
    const enumChars = values.reduce<number>((sum, v) => sum + (typeof v === 'string' ? v.length : String(v).length), 0)
    characters += enumChars + (s.const !== undefined ? String(s.const).length : 0)
    if (
      values.length > OPENAI_STRICT_LIMITS.largeEnumValues &&
      values.every((v) => typeof v === 'string') &&
      enumChars > OPENAI_STRICT_LIMITS.largeEnumCharacters
    ) {
      violations.push({
        kind: 'limit',
        path: jsonPath(['enum'], node.path),
        at: node.path,
        problem: `this enum has ${values.length} string values totalling ${enumChars} characters (above ${OPENAI_STRICT_LIMITS.largeEnumValues} values the limit is ${OPENAI_STRICT_LIMITS.largeEnumCharacters} characters)`,
        fix: 'shorten the values or split the enum',
        confirmed: true,
      })
    }
  }
  const limit = (what: string, value: number, max: number, fix: string) => {
    if (value > max)
      violations.push({
        kind: 'limit',
        path: basePath,
        at: basePath,
        problem: `the schema has ${value.toLocaleString('en-US')} ${what} (strict mode allows ${max.toLocaleString('en-US')})`,
        fix,
        confirmed: true,
      })
  }
  limit(
    'object properties in all',
    properties,
    OPENAI_STRICT_LIMITS.properties,
    'split the schema, or drop strict for it',
  )
  limit(
    'enum values in all',
    enumValues,
    OPENAI_STRICT_LIMITS.enumValues,
    'shorten the enums, or validate the value in expect.result instead',
  )
  limit(
    'characters in property names, definition names and enum/const values',
    characters,
    OPENAI_STRICT_LIMITS.characters,
    'shorten names and enum values',
  )
  if (deepest.objectDepth > OPENAI_STRICT_LIMITS.nesting) {
    violations.push({
      kind: 'limit',
      path: deepest.path,
      at: deepest.path,
      problem: `objects are nested ${deepest.objectDepth} levels deep (strict mode allows ${OPENAI_STRICT_LIMITS.nesting})`,
      fix: 'flatten the schema',
      confirmed: true,
    })
  }
  return violations
}
