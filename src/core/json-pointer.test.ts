import { describe, expect, it } from 'vitest'
import { resolveLocalRef } from './json-pointer.js'

const schema = {
  $defs: {
    invoice: { type: 'object' },
    'a/b': { type: 'string' },
    'm~n': { type: 'number' },
    'per cent': { type: 'integer' },
  },
  anyOf: [{ type: 'null' }, { type: 'boolean' }],
}

describe('resolveLocalRef', () => {
  it.each([
    ['#', schema],
    ['#/$defs/invoice', { type: 'object' }],
    ['#/$defs/a~1b', { type: 'string' }],
    ['#/$defs/m~0n', { type: 'number' }],
    ['#/$defs/per%20cent', { type: 'integer' }],
    ['#/anyOf/1', { type: 'boolean' }],
  ])('%s names what RFC 6901 says', (ref, expected) => {
    expect(resolveLocalRef(schema, ref)).toEqual(expected)
  })

  it.each([
    ['a key that is not there', '#/$defs/missing'],
    ['a path through a leaf', '#/$defs/invoice/type/x'],
    ['an index past the end', '#/anyOf/2'],
    ['an index that is not a number', '#/anyOf/first'],
    ['an inherited key', '#/$defs/constructor'],
    ['__proto__', '#/__proto__'],
    ['a malformed percent-escape', '#/$defs/100%'],
    ['a remote reference', 'other.json#/$defs/invoice'],
    ['a bare name', 'invoice'],
  ])('%s names nothing, without throwing', (_, ref) => {
    expect(resolveLocalRef(schema, ref)).toBeUndefined()
  })
})
