import { describe, expect, it } from 'vitest'
import { firstDifference } from './first-difference.js'

describe('firstDifference', () => {
  it('finds equal values equal whatever their key order', () => {
    expect(firstDifference({ a: 1, b: { c: [1, { d: null }] } }, { b: { c: [1, { d: null }] }, a: 1 })).toBeUndefined()
  })

  it('names the first place two values differ, including a key only one side has', () => {
    expect(firstDifference({ a: { b: [1, 2] } }, { a: { b: [1, 3] } })).toEqual(['a', 'b', 1])
    expect(firstDifference({ a: 1 }, { a: 1, extra: true })).toEqual(['extra'])
    expect(firstDifference({ a: 1, gone: true }, { a: 1 })).toEqual(['gone'])
    expect(firstDifference([1], [1, 2])).toEqual([1])
    expect(firstDifference({ a: [] }, { a: {} })).toEqual(['a'])
  })
})
