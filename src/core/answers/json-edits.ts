import type { Random } from './types.js'

/**
 * Small edits on a parsed JSON answer, for the answer quirks. Each returns a new value and says what
 * it did; none mutates its input (answers may come from a cache or a cassette).
 */

type Json = unknown
type Segment = string | number

export interface Edit {
  value: Json
  /** Where the edit happened, as segments from the root. */
  at: Segment[]
}

/** Common keys a model adds on its own; the first the schema does not declare is used. */
const EXTRA_KEYS: ReadonlyArray<readonly [string, Json]> = [
  ['confidence', 0.92],
  ['explanation', 'Extracted from the document above.'],
  ['_comment', 'added by the model'],
]

/** Adds a key the schema does not declare. A value that is not an object is wrapped in one. */
export function addUndeclaredKey(value: Json, declared: ReadonlySet<string>): Edit {
  const base = isPlainObject(value) ? value : { value }
  const taken = (key: string) => declared.has(key) || key in base
  const [key, extra] = EXTRA_KEYS.find(([k]) => !taken(k)) ?? [freshKey(taken), true]
  return { value: { ...base, [key]: extra }, at: [key] }
}

function freshKey(taken: (key: string) => boolean): string {
  let n = 1
  while (taken(`extra_${n}`)) n++
  return `extra_${n}`
}

/**
 * Drops one of the `required` keys present at the top level (picked by `random`); with no required
 * key present, drops any key (the contract then has nothing to catch, which the case shows).
 */
export function dropKey(value: Json, required: readonly string[], random: Random): Edit | undefined {
  if (!isPlainObject(value)) return undefined
  const present = required.filter((key) => key in value)
  const candidates = present.length > 0 ? present : Object.keys(value)
  const key = pick(candidates, random)
  if (key === undefined) return undefined
  const { [key]: _dropped, ...rest } = value
  return { value: rest, at: [key] }
}

/**
 * Puts one scalar in the wrong type: a number becomes its string ("42.5"); where the value holds no
 * number, a boolean becomes a string ("true"); where it holds neither, a string becomes the number 0.
 * The first kind present wins; `random` picks among the places of that kind.
 */
export function retypeScalar(value: Json, random: Random): Edit | undefined {
  const leaves = scalarLeaves(value)
  for (const kind of ['number', 'boolean', 'string'] as const) {
    const places = leaves.filter((leaf) => typeof leaf.value === kind)
    const place = pick(places, random)
    if (place) return { value: setAt(value, place.at, kind === 'string' ? 0 : String(place.value)), at: place.at }
  }
  return undefined
}

function scalarLeaves(
  value: Json,
  at: Segment[] = [],
  out: Array<{ at: Segment[]; value: Json }> = [],
): Array<{ at: Segment[]; value: Json }> {
  if (Array.isArray(value)) value.forEach((item, i) => scalarLeaves(item, [...at, i], out))
  else if (isPlainObject(value)) for (const [key, item] of Object.entries(value)) scalarLeaves(item, [...at, key], out)
  else if (value !== null) out.push({ at, value })
  return out
}

function setAt(value: Json, at: readonly Segment[], replacement: Json): Json {
  const [head, ...rest] = at
  if (head === undefined) return replacement
  if (Array.isArray(value)) return value.map((item, i) => (i === head ? setAt(item, rest, replacement) : item))
  if (isPlainObject(value)) return { ...value, [head]: setAt(value[String(head)], rest, replacement) }
  return value
}

function pick<T>(items: readonly T[], random: Random): T | undefined {
  return items.length === 0 ? undefined : items[Math.floor(random() * items.length)]
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
