import { isRecord, type PathSegment } from '../json-path.js'

/**
 * Where two JSON values first differ (key order ignored), or undefined when they are equal. Used to say
 * *where* a client changed a tool's parameters or the response schema, not just that it did. Runs on
 * every request of every case, so the equal case allocates nothing: the path is built on the way back
 * up, only when there is a difference.
 */
export function firstDifference(a: unknown, b: unknown): PathSegment[] | undefined {
  const reversed = differ(a, b)
  return reversed?.reverse()
}

function differ(a: unknown, b: unknown): PathSegment[] | undefined {
  if (a === b) return undefined
  if (Array.isArray(a)) {
    if (!Array.isArray(b)) return []
    const length = Math.max(a.length, b.length)
    for (let i = 0; i < length; i++) {
      if (i >= a.length || i >= b.length) return [i]
      const inner = differ(a[i], b[i])
      if (inner) return (inner.push(i), inner)
    }
    return undefined
  }
  if (isRecord(a)) {
    if (!isRecord(b) || Array.isArray(b)) return []
    let count = 0
    for (const key in a) {
      if (!Object.hasOwn(a, key)) continue
      count++
      if (!Object.hasOwn(b, key)) return [key]
      const inner = differ(a[key], b[key])
      if (inner) return (inner.push(key), inner)
    }
    for (const key in b) {
      if (Object.hasOwn(b, key) && --count < 0) {
        // b has more keys than a: name the first one a lacks.
        for (const extra in b) if (Object.hasOwn(b, extra) && !Object.hasOwn(a, extra)) return [extra]
      }
    }
    return undefined
  }
  return Number.isNaN(a) && Number.isNaN(b) ? undefined : []
}
