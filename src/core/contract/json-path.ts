/**
 * JSON paths for failure locations: `$` is the root of the document being checked (the parsed answer,
 * or what the client returned), `$.line_items[0].quantity` a place inside it. Paths into the HTTP
 * response body start at `response` instead (`response.choices[0].finish_reason`).
 */
export type PathSegment = string | number

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

export function jsonPath(segments: readonly PathSegment[], root = '$'): string {
  let path = root
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`
    else path += IDENTIFIER.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`
  }
  return path
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
