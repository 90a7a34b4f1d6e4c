/**
 * The wait a `Retry-After` header asks for, in milliseconds: either delay-seconds (`"15"`, also a
 * decimal) or an HTTP date (`"Wed, 21 Oct 2026 07:28:00 GMT"`, RFC 9110 10.2.3). Null when the
 * header is absent or unreadable; a date in the past waits 0.
 *
 * @example parseRetryAfter('2', Date.now()) // 2000
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (value === null || value === undefined) return null
  const text = value.trim()
  if (text === '') return null
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000)
  // Only an IMF-fixdate-like string counts as a date: Date.parse would accept "12" or "soon-ish".
  if (!/[A-Za-z]{3}/.test(text)) return null
  const at = Date.parse(text)
  if (Number.isNaN(at)) return null
  return Math.max(0, at - nowMs)
}

/**
 * How long to wait before retry number `attempt` (1-based): the server's `Retry-After` when it gave
 * one, else an exponential backoff (1 s, 2 s, 4 s, ...), never more than `capMs`.
 */
export function retryDelay(retryAfterMs: number | null, attempt: number, capMs: number): number {
  const wanted = retryAfterMs ?? 1000 * 2 ** Math.max(0, attempt - 1)
  return Math.min(Math.max(0, wanted), capMs)
}
