/**
 * Just enough XML for JUnit output: escaping and a tag builder. Characters XML 1.0 forbids (most
 * C0 controls, lone surrogates, U+FFFE/U+FFFF) are dropped: an upstream error body can carry them,
 * and one of them makes the whole file unreadable to a CI server.
 */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  )
}

/** Removes characters that may not appear in an XML 1.0 document, even escaped. */
export function stripIllegalXml(text: string): string {
  let out = ''
  // for..of walks code points, so a valid surrogate pair stays and a lone surrogate is one unit to drop.
  for (const char of text) if (isXmlChar(char.codePointAt(0)!)) out += char
  return out
}

/** Escapes character data (element text). `>` too, so `]]>` can never appear. */
export function escapeXmlText(text: string): string {
  let out = ''
  for (const char of stripIllegalXml(text)) {
    out += char === '&' ? '&amp;' : char === '<' ? '&lt;' : char === '>' ? '&gt;' : char === '\r' ? '&#13;' : char
  }
  return out
}

const ATTRIBUTE: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // Parsers normalise raw whitespace in attributes to spaces; character references survive.
  '\n': '&#10;',
  '\r': '&#13;',
  '\t': '&#9;',
}

/** Escapes an attribute value for a double-quoted attribute, keeping newlines and tabs. */
export function escapeXmlAttribute(value: string): string {
  let out = ''
  for (const char of stripIllegalXml(value)) out += ATTRIBUTE[char] ?? char
  return out
}

export type Attributes = Record<string, string | number | undefined>

export function attributes(attrs: Attributes): string {
  return Object.entries(attrs)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXmlAttribute(String(value))}"`)
    .join('')
}

/** `<name attrs/>`, or `<name attrs>children</name>` with children already serialised. */
export function element(name: string, attrs: Attributes, children?: string): string {
  return children === undefined || children === ''
    ? `<${name}${attributes(attrs)}/>`
    : `<${name}${attributes(attrs)}>${children}</${name}>`
}
