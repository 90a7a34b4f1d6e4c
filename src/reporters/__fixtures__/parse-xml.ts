/**
 * A strict little XML reader for tests: enough of XML 1.0 to prove that the JUnit reporter writes a
 * well-formed document (one root, matched tags, quoted attributes, known entities, legal characters)
 * and to read it back. It throws with the offset of the first problem. Not a general parser: no DTD,
 * no CDATA, no processing instructions besides the declaration.
 */
export interface XmlElement {
  name: string
  attributes: Record<string, string>
  children: Array<XmlElement | string>
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

export function parseXml(source: string): XmlElement {
  let i = 0
  const fail = (problem: string): never => {
    throw new Error(`not well-formed XML at offset ${i}: ${problem} (near ${JSON.stringify(source.slice(i, i + 30))})`)
  }
  for (const char of source) {
    const code = char.codePointAt(0)!
    const legal =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      code >= 0x10000
    if (!legal) fail(`illegal character U+${code.toString(16).padStart(4, '0')}`)
  }
  const isNameChar = (c: string | undefined) =>
    c !== undefined && (isLetter(c) || (c >= '0' && c <= '9') || c === '-' || c === '_' || c === '.' || c === ':')
  const isLetter = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
  const skipSpace = () => {
    while (source[i] === ' ' || source[i] === '\n' || source[i] === '\t' || source[i] === '\r') i++
  }
  const expect = (text: string) => {
    if (!source.startsWith(text, i)) fail(`expected ${JSON.stringify(text)}`)
    i += text.length
  }
  const name = (): string => {
    const start = i
    if (!isLetter(source[i] ?? '') && source[i] !== '_') fail('expected a name')
    while (isNameChar(source[i])) i++
    return source.slice(start, i)
  }
  const entity = (): string => {
    expect('&')
    const end = source.indexOf(';', i)
    if (end === -1 || end - i > 10) fail('unterminated entity')
    const body = source.slice(i, end)
    i = end + 1
    if (body.startsWith('#x')) return String.fromCodePoint(Number.parseInt(body.slice(2), 16))
    if (body.startsWith('#')) return String.fromCodePoint(Number.parseInt(body.slice(1), 10))
    const value = ENTITIES[body]
    if (value === undefined) fail(`unknown entity &${body};`)
    return value!
  }
  const attributeValue = (): string => {
    const quote = source[i]
    if (quote !== '"' && quote !== "'") fail('attribute value must be quoted')
    i++
    let value = ''
    while (source[i] !== quote) {
      if (i >= source.length) fail('unterminated attribute value')
      if (source[i] === '<') fail('raw < in attribute value')
      if (source[i] === '&') value += entity()
      else {
        // Attribute-value normalisation: raw whitespace becomes a space.
        value += source[i] === '\n' || source[i] === '\r' || source[i] === '\t' ? ' ' : source[i]
        i++
      }
    }
    i++
    return value
  }
  const element = (): XmlElement => {
    expect('<')
    const tag = name()
    const attributes: Record<string, string> = {}
    for (;;) {
      const before = i
      skipSpace()
      if (source.startsWith('/>', i)) {
        i += 2
        return { name: tag, attributes, children: [] }
      }
      if (source[i] === '>') {
        i++
        break
      }
      if (i === before) fail('expected whitespace before an attribute')
      const key = name()
      if (key in attributes) fail(`duplicate attribute ${key}`)
      skipSpace()
      expect('=')
      skipSpace()
      attributes[key] = attributeValue()
    }
    const children: Array<XmlElement | string> = []
    let text = ''
    for (;;) {
      if (i >= source.length) fail(`unclosed <${tag}>`)
      if (source.startsWith('</', i)) {
        i += 2
        const closing = name()
        if (closing !== tag) fail(`</${closing}> closes <${tag}>`)
        skipSpace()
        expect('>')
        if (text) children.push(text)
        return { name: tag, attributes, children }
      }
      if (source[i] === '<') {
        if (text) children.push(text)
        text = ''
        children.push(element())
      } else if (source[i] === '&') text += entity()
      else if (source.startsWith(']]>', i)) fail('"]]>" in text')
      else text += source[i++]
    }
  }
  if (source.startsWith('<?xml')) {
    const end = source.indexOf('?>')
    if (end === -1) fail('unterminated declaration')
    i = end + 2
  }
  skipSpace()
  const root = element()
  skipSpace()
  if (i !== source.length) fail('content after the root element')
  return root
}

/** Child elements named `name`. */
export function childElements(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child): child is XmlElement => typeof child !== 'string' && child.name === name)
}

/** The text content of an element, children included. */
export function textOf(element: XmlElement): string {
  return element.children.map((child) => (typeof child === 'string' ? child : textOf(child))).join('')
}
