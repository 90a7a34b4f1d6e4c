/**
 * The one way a JSON path is written, in failures, lint findings and input problems alike: the way a
 * reader finds the spot in their editor. `$` is the root of a document being checked (the parsed
 * answer, what the client returned: `$.line_items[0].quantity`); paths into a scenario start at its
 * field (`request.tools[0].function.parameters.properties["line items"]`), into the HTTP response body
 * at `response`; an input problem's path may start at nothing (`[1].name`).
 */
export type PathSegment = string | number

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

export function jsonPath(segments: readonly PropertyKey[], root = '$'): string {
  let path = root
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`
    else if (typeof segment === 'symbol') path += `[${segment.toString()}]`
    else if (IDENTIFIER.test(segment)) path += path === '' ? segment : `.${segment}`
    else path += `[${JSON.stringify(segment)}]`
  }
  return path
}

/** The part of `path` below `base` (`properties.total.minimum`), for sentences that already name the base. */
export function relativePath(path: string, base: string): string {
  if (path === base) return 'the root'
  return path.startsWith(base) ? path.slice(base.length).replace(/^\./, '') : path
}

/** Segments of an ajv `instancePath` (a JSON pointer); a segment is a number where the data is an array. */
export function pointerSegments(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') return []
  const segments: PathSegment[] = []
  let current = data
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (Array.isArray(current)) {
      const index = Number(key)
      segments.push(index)
      current = current[index]
    } else {
      segments.push(key)
      current = isRecord(current) ? current[key] : undefined
    }
  }
  return segments
}

export function valueAt(data: unknown, segments: readonly PathSegment[]): unknown {
  let current = data
  for (const segment of segments) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment]
    else if (isRecord(current) && typeof segment === 'string') current = current[segment]
    else return undefined
  }
  return current
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
