import { describe, expect, it } from 'vitest'
import { createRandom } from '../random.js'
import { compileSchema } from '../contract/schema-validator.js'
import { boundedForFaker, MAX_ITEMS, MAX_STRING_LENGTH } from './faker-bounds.js'
import { synthesizeJson } from './synthesize-json.js'
import { invoiceSchema, outlineSchema } from './__fixtures__/requests.js'

/** `levels` arrays nested in each other, each with at least one item, under a required property. */
function nestedArrays(levels: number): Record<string, unknown> {
  let node: Record<string, unknown> = { type: 'string' }
  for (let level = 0; level < levels; level++) node = { type: 'array', minItems: 1, items: node }
  return { type: 'object', properties: { a: node }, required: ['a'], additionalProperties: false }
}

function object(property: Record<string, unknown>): Record<string, unknown> {
  return { type: 'object', properties: { a: property }, required: ['a'], additionalProperties: false }
}

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8]

describe('synthesized answers stay small whatever the schema asks', () => {
  it('keeps nested arrays of 8 levels small (3 items per level would be 6,561 strings) and valid', () => {
    const schema = nestedArrays(8)
    const check = compileSchema(schema)
    for (const seed of SEEDS) {
      const text = synthesizeJson(schema, createRandom(seed))
      // One item per level: the schema's smallest value.
      expect(text.length).toBeLessThan(200)
      expect(check(JSON.parse(text))).toEqual([])
    }
  })

  it('answers arrays nested deeper than the faker goes with a small value the contract check rejects', () => {
    const schema = nestedArrays(40)
    const text = synthesizeJson(schema, createRandom(1))
    expect(text.length).toBeLessThan(200)
    expect(compileSchema(schema)(JSON.parse(text))).not.toEqual([])
  })

  it('answers a string longer than the bound (a schema could say 1e9) with a capped string the contract check rejects', () => {
    const schema = object({ type: 'string', minLength: 100_000 })
    const text = synthesizeJson(schema, createRandom(1))
    expect(text.length).toBeLessThan(MAX_STRING_LENGTH + 100)
    const failures = compileSchema(schema)(JSON.parse(text))
    expect(failures.map((failure) => failure.problem).join(' ')).toContain('100000')
  })

  it('draws strings, arrays and objects within the bounds when only the upper bound is huge', () => {
    const schema = object({
      type: 'object',
      properties: {
        text: { type: 'string', maxLength: 100_000 },
        list: { type: 'array', items: { type: 'integer' }, maxItems: 10_000 },
      },
      required: ['text', 'list'],
      additionalProperties: false,
    })
    const check = compileSchema(schema)
    for (const seed of SEEDS) {
      const text = synthesizeJson(schema, createRandom(seed))
      const value = JSON.parse(text) as { a: { text: string; list: number[] } }
      expect(value.a.text.length).toBeLessThanOrEqual(MAX_STRING_LENGTH)
      expect(value.a.list.length).toBeLessThanOrEqual(MAX_ITEMS)
      expect(check(value)).toEqual([])
    }
  })

  it('answers `{}` for a schema whose smallest value is too big to make, which the contract check rejects', () => {
    const wide = { type: 'array', minItems: 80, items: { type: 'array', minItems: 80, items: { type: 'integer' } } }
    const schema = object(wide)
    expect(boundedForFaker(schema)).toBeUndefined()
    const text = synthesizeJson(schema, createRandom(1))
    expect(text).toBe('{}')
    expect(compileSchema(schema)(JSON.parse(text))).not.toEqual([])
  })

  it('gives the faker ordinary schemas as they are, so their answers never change', () => {
    for (const schema of [invoiceSchema, outlineSchema, nestedArrays(3)] as Array<Record<string, unknown>>)
      expect(boundedForFaker(schema)).toBe(schema)
  })

  it('never edits a property map: a property named `items` or `minLength` stays a property', () => {
    const schema = {
      type: 'object',
      properties: { items: { type: 'string', minLength: 1e6 }, minLength: { type: 'integer' } },
      required: ['items', 'minLength'],
    }
    const bounded = boundedForFaker(schema)!
    expect(bounded.properties).toEqual({
      items: { type: 'string', minLength: MAX_STRING_LENGTH },
      minLength: { type: 'integer' },
    })
    expect(schema.properties.items.minLength).toBe(1e6)
  })
})
