/**
 * JSON paths into the scenario, written the way a reader finds the spot in their editor:
 * `request.tools[0].function.parameters.properties.total.minimum`, `properties["line items"]`.
 */
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

export function jsonPath(base: string, ...segments: (string | number)[]): string {
  let path = base
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`
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
