import { describe, expect, it } from 'vitest'
import { parseRetryAfter, retryDelay } from './retry-after.js'

const now = Date.parse('2026-10-21T07:28:00Z')

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('15', now)).toBe(15_000)
    expect(parseRetryAfter(' 1 ', now)).toBe(1000)
    expect(parseRetryAfter('0.5', now)).toBe(500)
  })

  it('reads an HTTP date as the time left until then', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:30 GMT', now)).toBe(30_000)
  })

  it('waits nothing for a date in the past', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:00:00 GMT', now)).toBe(0)
  })

  it('returns null for an absent or unreadable header', () => {
    expect(parseRetryAfter(null, now)).toBeNull()
    expect(parseRetryAfter('', now)).toBeNull()
    expect(parseRetryAfter('-3', now)).toBeNull()
    expect(parseRetryAfter('soon', now)).toBeNull()
  })
})

describe('retryDelay', () => {
  it("uses the server's wait, capped", () => {
    expect(retryDelay(2000, 1, 60_000)).toBe(2000)
    expect(retryDelay(600_000, 1, 60_000)).toBe(60_000)
  })

  it('backs off exponentially when the server gave no wait', () => {
    expect([1, 2, 3].map((attempt) => retryDelay(null, attempt, 60_000))).toEqual([1000, 2000, 4000])
  })
})
