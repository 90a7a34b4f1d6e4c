/** Thrown by accident, never on purpose: README.md "The default matrix" counts these as crashes. */
const CRASH_NAMES = new Set(['TypeError', 'SyntaxError', 'ReferenceError', 'RangeError'])

/**
 * True when a client surfaced a clear error: an Error-like object with a message that is none of the
 * four crash errors. Checked by name along the prototype chain as well as by class, so a subclass of
 * TypeError still counts as a crash and errors from another realm (a vm context, a worker) are judged
 * the same way. A thrown non-Error value (a string, an object without a message) is not a clear error.
 */
export function isSurfacedError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  if (typeof (error as { message?: unknown }).message !== 'string') return false
  if (error instanceof TypeError || error instanceof SyntaxError || error instanceof ReferenceError || error instanceof RangeError) return false
  if (CRASH_NAMES.has(String((error as { name?: unknown }).name))) return false
  for (let proto = Object.getPrototypeOf(error); proto !== null; proto = Object.getPrototypeOf(proto)) {
    const ctor = (proto as { constructor?: { name?: string } }).constructor
    if (ctor?.name && CRASH_NAMES.has(ctor.name)) return false
  }
  return true
}
