import { crashClassOf } from '../core/judge.js'

/**
 * True when a client surfaced a clear error: an Error-like object with a message that is none of the
 * four crash errors nor an instance of one (the judge's rule, core/judge.ts \`crashClassOf\`). A thrown
 * non-Error value (a string, an object without a message) is not a clear error.
 */
export function isSurfacedError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  if (typeof (error as { message?: unknown }).message !== 'string') return false
  return crashClassOf(error) === undefined
}
