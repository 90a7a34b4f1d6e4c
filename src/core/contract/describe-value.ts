/** Short renderings of values inside failure sentences. */

const MAX_QUOTED = 40
/** Router error messages and refusals are the whole point of their sentence: quote more of them. */
export const LONG_QUOTE = 160

/** A string in double quotes, cut to a readable length. */
export function quote(text: string, max = MAX_QUOTED): string {
  const cut = text.length > max ? `${text.slice(0, max - 1)}…` : text
  return JSON.stringify(cut)
}

/** A value as JSON, cut to a readable length (for `got ...` and enum lists). */
export function showJson(value: unknown): string {
  if (typeof value === 'string') return quote(value)
  if (value === undefined) return 'nothing'
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`
  if (typeof value === 'object' && value !== null) return 'an object'
  return String(value)
}

/** A value with its JSON type, for type mismatches: `string "42.50"`, `number 3`, `null`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'string') return `string ${quote(value)}`
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`
  return showJson(value)
}
