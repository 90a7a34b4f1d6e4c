import { describe, expect, it } from 'vitest'
import { parseJsonText } from './parse-json-text.js'

const why = (text: string) => {
  const parsed = parseJsonText(text, { name: 'the content', verb: 'is' })
  return parsed.ok ? 'ok' : parsed.problem
}

describe('parseJsonText', () => {
  it('parses JSON, leading whitespace included', () => {
    expect(parseJsonText('\n  {"a": 1}', { name: 'the content', verb: 'is' })).toEqual({ ok: true, value: { a: 1 } })
  })

  it('says who is not JSON when the same text is read twice in a row by two readers', () => {
    const text = 'Sure! Here it is.'
    expect(parseJsonText(text, { name: 'the content', verb: 'is' })).toEqual({
      ok: false,
      problem: 'the content is text, not JSON: "Sure! Here it is."',
    })
    expect(parseJsonText(text, { name: 'the arguments of tool call "x"', verb: 'are' })).toEqual({
      ok: false,
      problem: 'the arguments of tool call "x" are text, not JSON: "Sure! Here it is."',
    })
  })

  it('tells a fence around JSON, a code block, cut-off JSON, broken JSON, prose and nothing apart', () => {
    expect(
      [
        '```json\n{"a": 1}\n```',
        '```\n[1]\n```',
        '```python\nprint(1)\n```',
        '{"a": "b',
        '{"a": 1,}',
        'Sure! Here it is.',
        '   ',
      ].map(why),
    ).toMatchInlineSnapshot(`
        [
          "the content is JSON wrapped in a Markdown fence; JSON.parse fails on it",
          "the content is JSON wrapped in a Markdown fence; JSON.parse fails on it",
          "the content is a Markdown code block, not JSON",
          "the content is not valid JSON: the text ends before the JSON value is complete",
          "the content is not valid JSON: JSON.parse fails on it",
          "the content is text, not JSON: "Sure! Here it is."",
          "the content is empty, not JSON",
        ]
      `)
  })
})
