import { describe, expect, it } from 'vitest'
import { rootObjectKeywords } from './root-schema.js'

describe('rootObjectKeywords', () => {
  it('follows a root $ref to a local definition', () => {
    const schema = {
      $ref: '#/$defs/invoice',
      $defs: { invoice: { type: 'object', properties: { total: {}, vendor: {} }, required: ['total'] } },
    }
    expect(rootObjectKeywords(schema)).toEqual({ declared: new Set(['total', 'vendor']), required: ['total'] })
  })

  it('reads a badly encoded $ref as naming nothing instead of throwing (the schema is user input)', () => {
    expect(rootObjectKeywords({ $ref: '#/$defs/100%', $defs: {} })).toEqual({ declared: new Set(), required: [] })
  })
})
