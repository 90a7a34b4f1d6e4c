import { describe, expect, it } from 'vitest'
import { parseXml, textOf } from './parse-xml.js'

describe('parseXml (the test helper that proves JUnit output well-formed)', () => {
  it('reads elements, attributes, entities and character references', () => {
    const root = parseXml('<?xml version="1.0"?>\n<a x="1 &amp; &#10;2"><b/>t &lt;&#x41;&gt;</a>\n')
    expect(root.attributes.x).toBe('1 & \n2')
    expect(textOf(root)).toBe('t <A>')
  })

  it.each([
    ['<a><b></a></b>', '</a> closes <b>'],
    ['<a x=1/>', 'attribute value must be quoted'],
    ['<a x="<"/>', 'raw < in attribute value'],
    ['<a>&nbsp;</a>', 'unknown entity'],
    ['<a>]]></a>', '"]]>" in text'],
    ['<a/><b/>', 'content after the root element'],
    ['<a>\u0001</a>', 'illegal character U+0001'],
    ['<a x="1" x="2"/>', 'duplicate attribute x'],
  ])('rejects %j', (source, problem) => {
    expect(() => parseXml(source)).toThrow(problem)
  })
})
