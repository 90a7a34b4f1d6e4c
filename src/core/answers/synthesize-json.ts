import { generateSync, type JsonSchema as FakerSchema } from 'json-schema-faker'
import type { JsonSchema } from '../types.js'
import { compileSchema, type SchemaCheck } from '../contract/schema-validator.js'
import { mergeForFaker, withModestNumbers } from './faker-input.js'
import { projectOnto } from './app-schema.js'
import { boundedForFaker, FAKER_LIMITS } from './faker-bounds.js'
import type { Random } from './types.js'

/**
 * JSON text that validates against a JSON Schema, for synthesized answers and tool arguments.
 *
 * Generation is json-schema-faker's (formats, patterns, $ref/$defs, anyOf/oneOf/allOf, bounds, enums):
 * a well-kept library does it more completely than we would. It costs 0.1 to 0.8 ms per value on a
 * realistic invoice schema, too slow to pay on every case at 10,000 cases/s, so each schema gets a
 * small pool of VARIANTS values, generated once (lazily) and reused: the injected random picks the
 * variant, which keeps answers deterministic per seed and still varied across cases.
 *
 * A `hint` (the emulator's `answerHint`: the JSON Schema of the scenario's `expect.result`) is a second
 * schema the value should also meet when it can: each variant is generated from both, checked against
 * both, and falls back to the schema's own variant when no candidate meets both (the client may return
 * something shaped unlike the content; the hint then does not apply). Pools are per (schema, hint).
 */
const VARIANTS = 16

/** Options fixed here so a value depends on (schema, variant) only, never on the clock. */
const FAKER_OPTIONS = {
  // Every declared property is present: the answer exercises each field of the app's schema, and the
  // quirks (number_as_string, missing_required_key) always find something to bend.
  alwaysFakeOptionals: true,
  minDateTime: '2025-01-01T00:00:00Z',
  maxDateTime: '2026-12-31T23:59:59Z',
  // Depth, recursion and default item count: one definition, read by the size bounds too.
  ...FAKER_LIMITS,
} as const

/** Seeds tried per faker input and variant before giving up on it. */
const ATTEMPTS = 4

interface Pool {
  /** Per variant: the JSON text, `null` when no candidate met schema and hint, undefined until generated. */
  values: Array<string | null | undefined>
  /** What every variant is made from, worked out with the first variant (undefined until then). */
  recipe?: Recipe
}

/** A pool's faker inputs and checks: the same for all its variants, so built once per pool, not per variant. */
interface Recipe {
  /** What the faker reads, each within the size bounds (faker-bounds.ts): none when no value can fit them. */
  inputs: Array<Record<string, unknown>>
  checks: SchemaCheck[]
  /** The schema as written within the bounds, for the last try: undefined when no value of it can fit them. */
  asWritten: Record<string, unknown> | undefined
}

/** Pools of one hint (or of no hint): by schema object, then by the schema's JSON text. */
interface Pools {
  byObject: WeakMap<object, Pool>
  /** Prefix of this hint's text keys; '' for no hint. */
  key: string
}

const plainPools: Pools = { byObject: new WeakMap(), key: '' }
const poolsByHint = new WeakMap<object, Pools>()
// Hints are compared by their text: a distinct text gets a number, never reused, for a short text key.
const hintNumbers = new Map<string, number>()
let nextHintNumber = 1
// Schemas parsed from each HTTP request body are new objects every time: key them by their text too.
const poolsByText = new Map<string, Pool>()
const MAX_TEXT_KEYS = 512

export function synthesizeJson(schema: JsonSchema, random: Random, hint?: JsonSchema): string {
  const variant = Math.floor(random() * VARIANTS)
  if (typeof schema === 'boolean') return schema ? '{}' : 'null'
  // A boolean hint adds nothing (true) or can never be met (false): either way the schema alone decides.
  if (typeof hint === 'object') {
    // The app's bounds on the wire's shape: the fields it adds to its result (`used`) never make the hint unmeetable.
    const value = hintedVariant(schema, projectOnto(hint, schema), variant)
    if (value !== null) return value
  }
  const pool = poolFor(schema, plainPools)
  return (pool.values[variant] ??= generate(schema, pool, variant))
}

/**
 * JSON text meeting both the schema and the hint, or undefined when the hint cannot apply: for answers
 * with no schema of their own (json_object content), which fall back to their own stand-in.
 */
export function synthesizeHintedJson(
  schema: Record<string, unknown>,
  hint: JsonSchema,
  random: Random,
): string | undefined {
  const variant = Math.floor(random() * VARIANTS)
  if (typeof hint !== 'object') return undefined
  return hintedVariant(schema, hint, variant) ?? undefined
}

/** The pooled variant meeting both schema and hint, or null (also pooled: `??=` would retry a null). */
function hintedVariant(schema: Record<string, unknown>, hint: Record<string, unknown>, variant: number): string | null {
  const pool = poolFor(schema, pools(hint))
  let value = pool.values[variant]
  if (value === undefined) pool.values[variant] = value = generateBoth(schema, hint, pool, variant)
  return value
}

function pools(hint: Record<string, unknown>): Pools {
  let found = poolsByHint.get(hint)
  if (found) return found
  const text = JSON.stringify(hint)
  let number = hintNumbers.get(text)
  if (number === undefined) {
    if (hintNumbers.size >= MAX_TEXT_KEYS) hintNumbers.clear()
    number = nextHintNumber++
    hintNumbers.set(text, number)
  }
  found = { byObject: new WeakMap(), key: `${number}\u0000` }
  poolsByHint.set(hint, found)
  return found
}

function poolFor(schema: Record<string, unknown>, pools: Pools): Pool {
  let pool = pools.byObject.get(schema)
  if (pool) return pool
  const text = pools.key + textOf(schema)
  pool = poolsByText.get(text)
  if (!pool) {
    if (poolsByText.size >= MAX_TEXT_KEYS) poolsByText.clear()
    pool = { values: new Array<string | null | undefined>(VARIANTS) }
    poolsByText.set(text, pool)
  }
  pools.byObject.set(schema, pool)
  return pool
}

// The last schema's text: a hint that does not apply looks the same schema up twice in a row.
let lastSchema: object | undefined
let lastText = ''

function textOf(schema: Record<string, unknown>): string {
  if (schema !== lastSchema) {
    lastText = JSON.stringify(schema)
    lastSchema = schema
  }
  return lastText
}

/**
 * One variant, checked against the schema (with the contract's own validator) before it is pooled: the
 * faker has limits (very deep or self-referencing schemas), and a synthesized answer that breaks the
 * app's schema would blame the cascade for the harness's mistake. The faker reads the schema with
 * modest number ranges first (faker-input.ts), then as written; a few seeds each. If none validates,
 * the last try stands and the contract check says what is wrong with it.
 */
function generate(schema: Record<string, unknown>, pool: Pool, variant: number): string {
  const recipe = (pool.recipe ??= recipeFor(schema, [compileSchema(schema)]))
  return tryInputs(recipe, variant) ?? lastTry(recipe.asWritten, variant)
}

/** One variant meeting both the schema and the hint, or null when no candidate does. */
function generateBoth(
  schema: Record<string, unknown>,
  hint: Record<string, unknown>,
  pool: Pool,
  variant: number,
): string | null {
  const recipe = (pool.recipe ??= recipeFor(mergeForFaker(schema, hint), [compileSchema(schema), compileSchema(hint)]))
  return tryInputs(recipe, variant)
}

/** The faker reads the schema with modest number ranges first (when they differ), then as written. */
function recipeFor(schema: Record<string, unknown>, checks: SchemaCheck[]): Recipe {
  const modest = withModestNumbers(schema)
  const asWritten = boundedForFaker(schema)
  const inputs = modest === schema ? [asWritten] : [boundedForFaker(modest), asWritten]
  return { inputs: inputs.filter((input) => input !== undefined), checks, asWritten }
}

function tryInputs({ inputs, checks }: Recipe, variant: number): string | null {
  for (const input of inputs) {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const value = fake(input, variant, attempt)
      if (value !== undefined && checks.every((check) => check(value).length === 0))
        return JSON.stringify(value) ?? 'null'
    }
  }
  return null
}

/**
 * The schema's last seed as written (within the size bounds), valid or not: `{}` when the faker cannot
 * read it at all or its smallest value is too big to make.
 */
function lastTry(asWritten: Record<string, unknown> | undefined, variant: number): string {
  const value = asWritten === undefined ? undefined : fake(asWritten, variant, ATTEMPTS - 1)
  return value === undefined ? '{}' : (JSON.stringify(value) ?? 'null')
}

function fake(schema: Record<string, unknown>, variant: number, attempt: number): unknown {
  try {
    // A copy: the schema may belong to a request body shared by every case (frozen), and the faker's
    // own handling of a schema it is given is not ours to rely on. Runs only when a pool is filled.
    return generateSync(structuredClone(schema) as FakerSchema, {
      ...FAKER_OPTIONS,
      seed: 1 + variant + attempt * VARIANTS,
    })
  } catch {
    // A schema the faker does not understand: the caller tries the next seed, then falls back.
    return undefined
  }
}
