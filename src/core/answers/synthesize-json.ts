import { generateSync, type JsonSchema as FakerSchema } from 'json-schema-faker'
import type { JsonSchema } from '../types.js'
import { compileSchema } from '../contract/schema-validator.js'
import type { Random } from './types.js'

/**
 * JSON text that validates against a JSON Schema, for synthesized answers and tool arguments.
 *
 * Generation is json-schema-faker's (formats, patterns, $ref/$defs, anyOf/oneOf/allOf, bounds, enums):
 * a well-kept library does it more completely than we would. It costs 0.1 to 0.8 ms per value on a
 * realistic invoice schema, too slow to pay on every case at 10,000 cases/s, so each schema gets a
 * small pool of VARIANTS values, generated once (lazily) and reused: the injected random picks the
 * variant, which keeps answers deterministic per seed and still varied across cases.
 */
const VARIANTS = 16

/** Options fixed here so a value depends on (schema, variant) only, never on the clock. */
const FAKER_OPTIONS = {
  // Every declared property is present: the answer exercises each field of the app's schema, and the
  // quirks (number_as_string, missing_required_key) always find something to bend.
  alwaysFakeOptionals: true,
  maxDefaultItems: 3,
  minDateTime: '2025-01-01T00:00:00Z',
  maxDateTime: '2026-12-31T23:59:59Z',
  // The faker's depth limits fill whatever lies deeper with empty values that break the schema: allow
  // deep app schemas (12 levels), and stop recursive $refs early (4 nested $refs) so trees stay small.
  maxDepth: 12,
  refDepthMax: 4,
} as const

/** Seeds tried per variant before giving up on a schema the faker cannot satisfy. */
const ATTEMPTS = 4

type Pool = Array<string | undefined>

const poolsBySchema = new WeakMap<object, Pool>()
// Schemas parsed from each HTTP request body are new objects every time: key them by their text too.
const poolsByText = new Map<string, Pool>()
const MAX_TEXT_KEYS = 512

export function synthesizeJson(schema: JsonSchema, random: Random): string {
  const variant = Math.floor(random() * VARIANTS)
  if (typeof schema === 'boolean') return schema ? '{}' : 'null'
  const pool = poolFor(schema)
  return (pool[variant] ??= generate(schema, variant))
}

function poolFor(schema: Record<string, unknown>): Pool {
  let pool = poolsBySchema.get(schema)
  if (pool) return pool
  const text = JSON.stringify(schema)
  pool = poolsByText.get(text)
  if (!pool) {
    if (poolsByText.size >= MAX_TEXT_KEYS) poolsByText.clear()
    pool = new Array<string | undefined>(VARIANTS)
    poolsByText.set(text, pool)
  }
  poolsBySchema.set(schema, pool)
  return pool
}

/**
 * One variant, checked against the schema (with the contract's own validator) before it is pooled: the
 * faker has limits (very deep or self-referencing schemas), and a synthesized answer that breaks the
 * app's schema would blame the cascade for the harness's mistake. A few other seeds are tried; if none
 * validates, the last try stands and the contract check says what is wrong with it.
 */
function generate(schema: Record<string, unknown>, variant: number): string {
  const check = compileSchema(schema)
  let text = '{}'
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      const value = generateSync(schema as FakerSchema, { ...FAKER_OPTIONS, seed: 1 + variant + attempt * VARIANTS })
      text = JSON.stringify(value) ?? 'null'
      if (check(value).length === 0) return text
    } catch {
      // A schema the faker does not understand: try the next seed, then fall back to `{}` rather than
      // crash the emulator.
    }
  }
  return text
}
