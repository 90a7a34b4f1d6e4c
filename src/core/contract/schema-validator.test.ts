import { describe, expect, it } from 'vitest'
import { eventSchema, invoiceSchema, outlineSchema } from '../answers/__fixtures__/requests.js'
import type { JsonSchema } from '../types.js'
import { jsonPath } from '../json-path.js'
import { compileSchema } from './schema-validator.js'

const sentences = (schema: object | boolean, value: unknown) =>
  compileSchema(schema as JsonSchema)(value).map((i) => `${jsonPath(i.segments)}: ${i.problem}`)

describe('compileSchema', () => {
  it('names the closest alternative when a value matches no branch of a oneOf', () => {
    expect(sentences(eventSchema, { event: { kind: 'dispute', reason: 'no' } })).toMatchInlineSnapshot(`
      [
        "$.event: matches none of the 2 alternatives of oneOf; alternative 2 comes closest but fails: reason: expected at least 3 characters, got 2",
      ]
    `)
  })

  it('says when a value matches more than one branch of a oneOf', () => {
    expect(sentences({ oneOf: [{ type: 'number' }, { type: 'integer' }] }, 3)).toMatchInlineSnapshot(`
      [
        "$: matches more than one alternative of oneOf (1 and 2), but oneOf wants exactly one",
      ]
    `)
  })

  it('follows $ref through definitions and reads nullable type arrays', () => {
    expect(
      sentences(outlineSchema, {
        title: '',
        due: 'tomorrow',
        children: [{ title: 'a', due: null, children: [], extra: 1 }],
      }),
    ).toMatchInlineSnapshot(`
      [
        "$.title: expected at least 1 character, got 0",
        "$.due: expected a string in date format, got "tomorrow"",
        "$.children[0].extra: the key is not declared in the schema (additionalProperties: false)",
      ]
    `)
  })

  it('honours the draft a schema declares', () => {
    // In draft-07, `items` as an array is a tuple; 2020-12 spells that prefixItems.
    const tuple = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'array',
      items: [{ type: 'string' }, { type: 'number' }],
    }
    expect(sentences(tuple, ['a', 'b'])).toMatchInlineSnapshot(`
      [
        "$[1]: expected number, got string "b"",
      ]
    `)
  })

  it('accepts multiples of a decimal multipleOf that float division gets wrong', () => {
    expect(sentences({ type: 'number', multipleOf: 0.01 }, 158.79)).toEqual([])
    expect(sentences({ type: 'number', multipleOf: 0.01 }, 158.791)).toMatchInlineSnapshot(`
      [
        "$: expected a multiple of 0.01, got 158.791",
      ]
    `)
  })

  it('reports a schema that does not compile instead of throwing', () => {
    expect(sentences({ type: 'strin' }, 1)).toMatchInlineSnapshot(`
      [
        "$: cannot be checked: the schema does not compile (type must be JSONType or JSONType[]: strin)",
      ]
    `)
  })

  it('compiles an equal schema once, whichever object carries it', () => {
    const a = compileSchema(invoiceSchema)
    expect(compileSchema(invoiceSchema)).toBe(a)
    expect(compileSchema(JSON.parse(JSON.stringify(invoiceSchema)))).toBe(a)
  })

  it('keeps two schemas with the same $id apart', () => {
    const one = { $id: 'https://example.com/answer', type: 'string' }
    const two = { $id: 'https://example.com/answer', type: 'number' }
    expect(sentences(one, 1)).toEqual(['$: expected string, got number 1'])
    expect(sentences(two, 'x')).toEqual(['$: expected number, got string "x"'])
  })
})
