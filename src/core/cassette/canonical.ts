import type { ChatRequest } from '../types.js'

/**
 * The canonical form of what a model reads: the key of a cassette.
 *
 * A cassette must go stale when anything the model sees changes (a message, a tool's description,
 * the response schema, a sampling parameter) and must stay fresh when only the routing around it
 * changes (which model, the fallback list, provider preferences, streaming, attribution). So the
 * canonical form is the request body minus the fields in {@link ROUTING_FIELDS}: a deny-list rather
 * than an allow-list, because a field we do not know yet (a new sampling knob, `plugins`) is more
 * safely treated as content: an unnecessary re-record costs cents, a cassette that silently replays
 * an answer to a different prompt defeats the gate.
 *
 * Normalisation: the value goes through JSON first (what goes on the wire: `undefined` keys vanish,
 * `toJSON` applies), then object keys are sorted at every depth. Array order is kept (message and
 * tool order are content) and so is whitespace inside strings (it is part of the prompt); only the
 * formatting of the JSON itself (key order, indentation) stops mattering.
 *
 * Hashing is injected: the core reads no `node:*`, so it takes a synchronous `HashFn` (the cassette
 * store passes SHA-256 hex from `node:crypto`), and anyone can reproduce a key with
 * `printf '%s' "$canonical" | sha256sum`.
 */

/** Top-level fields that steer routing or delivery, not what the model reads. */
export const ROUTING_FIELDS: readonly string[] = [
  'model',
  'models',
  'route',
  'provider',
  'stream',
  'stream_options',
  'user',
  'metadata',
  'session_id',
  'service_tier',
  'usage',
  'debug',
]

/** A synchronous hash of a string, hex-encoded (SHA-256 in the cassette store). */
export type HashFn = (text: string) => string

/** A JSON value with sorted keys: what {@link canonicalJson} prints. */
export type CanonicalValue = null | boolean | number | string | CanonicalValue[] | { [key: string]: CanonicalValue }

/**
 * The part of a request the model sees, as plain JSON with sorted keys.
 *
 * @example
 * canonicalRequest({ models: ['a', 'b'], messages: [{ role: 'user', content: 'hi' }], temperature: 0 })
 * // → { messages: [{ content: 'hi', role: 'user' }], temperature: 0 }
 */
export function canonicalRequest(request: ChatRequest | Record<string, unknown>): { [key: string]: CanonicalValue } {
  const plain = toPlainJson(request)
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) return {}
  const kept: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(plain)) {
    if (!ROUTING_FIELDS.includes(key)) kept[key] = value
  }
  return sortKeys(kept) as { [key: string]: CanonicalValue }
}

/** Compact JSON with keys sorted at every depth: equal for requests that differ only in key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(toPlainJson(value)))
}

/** The cassette key of a step request: `hash(canonicalJson(canonicalRequest(request)))`. */
export function requestHash(request: ChatRequest | Record<string, unknown>, hash: HashFn): string {
  return hash(canonicalJson(canonicalRequest(request)))
}

function toPlainJson(value: unknown): unknown {
  const text = JSON.stringify(value)
  return text === undefined ? null : (JSON.parse(text) as unknown)
}

function sortKeys(value: unknown): CanonicalValue {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: CanonicalValue } = {}
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key])
    return out
  }
  return value as CanonicalValue
}

/**
 * JSON paths where two canonical requests differ (at most `limit`), for a stale cassette's message:
 * "tools[0].function.description changed".
 */
export function changedPaths(recorded: unknown, current: unknown, limit = 5): string[] {
  const out: string[] = []
  walk(recorded, current, '')
  return out

  function walk(a: unknown, b: unknown, path: string): void {
    if (out.length >= limit) return
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`)
      return
    }
    if (isObject(a) && isObject(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
      for (const key of keys) walk(a[key], b[key], path === '' ? key : `${path}.${key}`)
      return
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push(path === '' ? '(the whole request)' : path)
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
