/**
 * Whether a parsed JSON value nests deeper than `max` levels, checked without recursion: the code that
 * later walks the value (canonical JSON, redaction, contract checks) recurses, and a hostile body of
 * 200,000 nested arrays would overflow its stack.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: { node: unknown; depth: number }[] = [{ node: value, depth: 0 }]
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!
    if (node === null || typeof node !== 'object') continue
    if (depth + 1 > max) return true
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push({ node: child, depth: depth + 1 })
    }
  }
  return false
}
