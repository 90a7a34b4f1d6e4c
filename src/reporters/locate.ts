import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml'

/**
 * Where a field of a scenario sits in its file, as a 1-based line, for annotations that point at the
 * field at fault. JSON and YAML files are parsed (the `yaml` parser reads both and keeps positions);
 * a TypeScript or JavaScript scenario is searched as text: from the scenario's `name`, each key of the
 * path in turn (`request:`, then `provider:` after it, ...), and a model id or plan name as a quoted
 * string. A field the file does not spell out (imported, computed, or absent because the finding is
 * about its absence) gets the line of the nearest enclosing field that is there.
 */
export type PathSegment = string | number | { value: string }

/** `request.models[2]`, `faults.plans[0].at["openai/gpt-4o"]` into segments; `value` matches an entry by its text or `name`. */
export function parseFieldPath(path: string, value?: string): PathSegment[] {
  const segments: PathSegment[] = []
  for (const match of path.matchAll(/\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|([^.[\]]+)/g)) {
    if (match[1] !== undefined) segments.push(Number(match[1]))
    else if (match[2] !== undefined) segments.push(JSON.parse(`"${match[2]}"`) as string)
    else if (match[3] !== undefined && match[3] !== '$') segments.push(match[3])
  }
  if (value !== undefined) segments.push({ value })
  return segments
}

export function locateField(
  text: string,
  file: string,
  scenarioName: string,
  segments: readonly PathSegment[],
): number | undefined {
  return /\.(json|ya?ml)$/i.test(file)
    ? locateInDocument(text, scenarioName, segments)
    : locateInSource(text, scenarioName, segments)
}

function locateInDocument(text: string, scenarioName: string, segments: readonly PathSegment[]): number | undefined {
  const counter = new LineCounter()
  const doc = parseDocument(text, { lineCounter: counter, keepSourceTokens: false })
  const lineOf = (node: { range?: [number, number, number] | null } | null | undefined) =>
    node?.range ? counter.linePos(node.range[0]).line : undefined
  let node: unknown = doc.contents
  // A file may hold a list of scenarios: find this one by its name.
  if (isSeq(node)) node = node.items.find((item) => isMap(item) && item.get('name') === scenarioName) ?? node.items[0]
  let line = lineOf(node as Node | undefined)
  for (const segment of segments) {
    if (isMap(node)) {
      const key = typeof segment === 'object' ? undefined : String(segment)
      // A `{ value }` segment under a map looks into its `plans` list (faults: { plans: [...] }).
      const pair =
        key !== undefined
          ? node.items.find((p) => isScalar(p.key) && String(p.key.value) === key)
          : node.items.find((p) => isScalar(p.key) && p.key.value === 'plans')
      if (!pair) break
      if (key !== undefined) {
        line = lineOf(pair.key as Node) ?? line
        node = pair.value
        continue
      }
      node = pair.value
    }
    if (!isSeq(node)) break
    const item =
      typeof segment === 'number'
        ? node.items[segment]
        : typeof segment === 'object'
          ? node.items.find(
              (i) => (isScalar(i) && i.value === segment.value) || (isMap(i) && i.get('name') === segment.value),
            )
          : undefined
    if (!item) break
    line = lineOf(item as Node) ?? line
    node = item
  }
  return line
}

function locateInSource(text: string, scenarioName: string, segments: readonly PathSegment[]): number | undefined {
  const lines = text.split(/\r?\n/)
  const quoted = (value: string) => `(['"\`])${escapeRegExp(value)}\\1`
  const find = (pattern: RegExp, from: number) => {
    for (let i = from; i < lines.length; i++) if (pattern.test(lines[i]!)) return i
    return -1
  }
  // Keys are searched after the scenario's own name, so a file of several scenarios points into the right one.
  const anchor = find(new RegExp(`\\bname\\s*:\\s*${quoted(scenarioName)}`), 0)
  let at = Math.max(0, anchor)
  let found = anchor
  for (const segment of segments) {
    if (typeof segment === 'number') continue // an index in source text is not worth guessing; the list's key stands
    const pattern =
      typeof segment === 'object'
        ? new RegExp(quoted(segment.value))
        : // `key:`, `'key':`, `"key":`, or the shorthand `{ key }` / `key,`
          new RegExp(
            `(?:^|[\\s{,(])(?:${escapeRegExp(segment)}|'${escapeRegExp(segment)}'|"${escapeRegExp(segment)}")\\s*(?::|,|}|$)`,
          )
    // The first key may come before the scenario's name in its object literal.
    let line = find(pattern, at)
    if (line === -1 && found === anchor) line = find(pattern, 0)
    if (line === -1) break
    found = line
    at = line
  }
  return found === -1 ? undefined : found + 1
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
