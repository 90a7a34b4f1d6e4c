import { describe, expect, test } from 'vitest'
import { jsonPath, relativePath } from './json-path.js'

describe('jsonPath', () => {
  test('writes identifiers with dots, indexes in brackets and other keys quoted, from any root', () => {
    expect(jsonPath(['line_items', 0, 'quantity'])).toBe('$.line_items[0].quantity')
    expect(jsonPath([0, 'function', 'parameters'], 'request.tools')).toBe('request.tools[0].function.parameters')
    expect(jsonPath(['properties', 'line items', 'minimum'], 'request.response_format.json_schema.schema')).toBe(
      'request.response_format.json_schema.schema.properties["line items"].minimum',
    )
    expect(jsonPath(['faults', 0, 'at', 'google/gemini-2.5-flash'], '')).toBe('faults[0].at["google/gemini-2.5-flash"]')
    expect(jsonPath([1, 'name'], '')).toBe('[1].name')
    expect(jsonPath(['$ref'], 'x')).toBe('x.$ref')
    expect(jsonPath([], '')).toBe('')
  })

  test('names the part of a path below a base the sentence already names', () => {
    expect(
      relativePath('request.tools[0].function.parameters.properties.total', 'request.tools[0].function.parameters'),
    ).toBe('properties.total')
    expect(relativePath('request.model', 'request.model')).toBe('the root')
  })
})
