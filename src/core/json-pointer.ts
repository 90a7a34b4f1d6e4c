/**
 * The value a local reference names in `root`: `#` (the root itself) or `#/$defs/a~1b` (RFC 6901's
 * JSON Pointer as a URI fragment: each segment percent-decoded, then `~1` read as `/` and `~0` as `~`),
 * through objects' own keys and arrays' indexes. Undefined when the reference is not local, is badly
 * encoded, or names nothing: a schema's `$ref` is user input, and a bad one must read as "names
 * nothing", never throw. The one reader of `$ref` pointers for answer synthesis and lint.
 */
export function resolveLocalRef(root: unknown, ref: string): unknown {
  if (ref === '#') return root
  if (!ref.startsWith('#/')) return undefined
  let node = root
  for (const raw of ref.slice(2).split('/')) {
    let segment: string
    try {
      segment = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~')
    } catch {
      return undefined
    }
    if (Array.isArray(node)) node = /^(0|[1-9]\d*)$/.test(segment) ? node[Number(segment)] : undefined
    else if (typeof node === 'object' && node !== null && Object.hasOwn(node, segment))
      node = (node as Record<string, unknown>)[segment]
    else return undefined
    if (node === undefined) return undefined
  }
  return node
}
