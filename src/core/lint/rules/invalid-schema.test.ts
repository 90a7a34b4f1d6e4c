import { describe, expect, it } from 'vitest'
import { findings, invoiceSchema, request } from '../__fixtures__/lint.js'

describe('invalid-schema', () => {
  it('is an error naming the JSON path and the validator sentence for a response_format type that does not exist', () => {
    const req = request({
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'weather', schema: { type: 'objekt', properties: { city: { type: 'string' } } } },
      },
    })
    const [finding, ...rest] = findings('invalid-schema', req)
    expect(rest).toEqual([])
    expect(finding).toMatchObject({
      rule: 'invalid-schema',
      severity: 'error',
      step: null,
      path: 'request.response_format.json_schema.schema.type',
    })
    expect(finding!.message).toBe(
      'the response_format schema "weather" is not valid JSON Schema: at request.response_format.json_schema.schema.type, the value must be equal to one of the allowed values: "array", "boolean", "integer", "null", "number", "object", "string"; every provider answers such a request with a 400, so no step of the cascade can serve it.',
    )
  })

  it('names the tool whose parameters are invalid, deep inside', () => {
    const parameters = { type: 'object', properties: { days: { type: 'integer', minimum: 'one' } } }
    const req = request({
      tools: [
        { type: 'function', function: { name: 'save_invoice', parameters: invoiceSchema() } },
        { type: 'function', function: { name: 'forecast', parameters } },
      ],
    })
    expect(findings('invalid-schema', req).map((f) => [f.path, f.message.slice(0, 40)])).toEqual([
      ['request.tools[1].function.parameters.properties.days.minimum', 'the parameters of tool "forecast" is not'],
    ])
  })

  it('says nothing about valid schemas', () => {
    expect(
      findings(
        'invalid-schema',
        request({
          response_format: { type: 'json_schema', json_schema: { name: 'invoice', schema: invoiceSchema() } },
        }),
      ),
    ).toEqual([])
  })
})
