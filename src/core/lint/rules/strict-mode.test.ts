import { describe, expect, it } from 'vitest'
import type { ChatRequest } from '../../types.js'
import { findings, invoiceSchema, request } from '../__fixtures__/lint.js'

const format = (schema: Record<string, unknown>, strict = true): ChatRequest['response_format'] => ({
  type: 'json_schema',
  json_schema: { name: 'invoice', strict, schema },
})

const loose = () => ({
  type: 'object',
  properties: {
    number: { type: 'string' },
    customer: {
      type: 'object',
      properties: { name: { type: 'string' }, email: { type: 'string' }, phone: { type: 'string' } },
      required: ['name'],
    },
  },
  required: ['number', 'customer'],
  additionalProperties: false,
})

describe('strict-mode', () => {
  it('fails a strict schema whose object lacks required entries and additionalProperties: false', () => {
    const req = request({
      models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini', 'openai/gpt-4o'],
      response_format: format(loose()),
    })
    expect(findings('strict-mode', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Add "email" and "phone" to required and write optional fields as a union with null (type: ["string", "null"]).",
          "message": "The response_format 'invoice' sets strict: true, and OpenAI's strict mode rejects it: at properties.customer, "email" and "phone" are missing from required (strict mode needs every property listed). Every request to steps 2 and 3 (openai/gpt-4.1-mini, openai/gpt-4o) fails with a 400 ("Invalid schema for response_format 'invoice': ...") and the router moves on.",
          "path": "request.response_format.json_schema.schema.properties.customer.required",
          "rule": "strict-mode",
          "severity": "error",
          "step": 1,
        },
        {
          "fix": "Set additionalProperties: false on this object.",
          "message": "The response_format 'invoice' sets strict: true, and OpenAI's strict mode rejects it: at properties.customer, the object lacks additionalProperties: false. Every request to steps 2 and 3 (openai/gpt-4.1-mini, openai/gpt-4o) fails with a 400 ("Invalid schema for response_format 'invoice': ...") and the router moves on.",
          "path": "request.response_format.json_schema.schema.properties.customer.additionalProperties",
          "rule": "strict-mode",
          "severity": "error",
          "step": 1,
        },
      ]
    `)
  })

  it('fails a root anyOf and unsupported keywords, and says oneOf is unconfirmed', () => {
    const schema = {
      anyOf: [
        { ...invoiceSchema(), allOf: [{ required: ['number'] }] },
        { ...invoiceSchema(), oneOf: [{ required: ['total'] }] },
      ],
    }
    const req = request({
      models: ['openai/gpt-4.1-mini'],
      tools: [{ type: 'function', function: { name: 'save_invoice', strict: true, parameters: schema } }],
    })
    expect(findings('strict-mode', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Wrap the union in an object: { type: "object", properties: { result: { anyOf: [...] } }, required: ["result"], additionalProperties: false }.",
          "message": "Tool save_invoice sets strict: true, and OpenAI's strict mode rejects it: the root is an anyOf, not an object. Every request to step 1, openai/gpt-4.1-mini, fails with a 400 ("Invalid schema for function 'save_invoice': ...") and the router moves on.",
          "path": "request.tools[0].function.parameters",
          "rule": "strict-mode",
          "severity": "error",
          "step": 0,
        },
        {
          "fix": "Merge the allOf branches into one object schema.",
          "message": "Tool save_invoice sets strict: true, and OpenAI's strict mode rejects it: at anyOf[0], allOf is not supported. Every request to step 1, openai/gpt-4.1-mini, fails with a 400 ("Invalid schema for function 'save_invoice': ...") and the router moves on.",
          "path": "request.tools[0].function.parameters.anyOf[0].allOf",
          "rule": "strict-mode",
          "severity": "error",
          "step": 0,
        },
        {
          "fix": "Replace oneOf with anyOf.",
          "message": "Tool save_invoice sets strict: true, and OpenAI's strict mode may reject it (unconfirmed): at anyOf[1], oneOf is not supported. If it does, every request to step 1, openai/gpt-4.1-mini, fails with a 400 and the router moves on.",
          "path": "request.tools[0].function.parameters.anyOf[1].oneOf",
          "rule": "strict-mode",
          "severity": "warning",
          "step": 0,
        },
      ]
    `)
  })

  it('fails objects nested deeper than 10 levels', () => {
    let schema: Record<string, unknown> = {
      type: 'object',
      properties: { leaf: { type: 'string' } },
      required: ['leaf'],
      additionalProperties: false,
    }
    for (let i = 0; i < 10; i++)
      schema = { type: 'object', properties: { child: schema }, required: ['child'], additionalProperties: false }
    const req = request({ models: ['openai/gpt-4.1-mini'], response_format: format(schema) })
    expect(findings('strict-mode', req).map((f) => [f.path, f.message])).toMatchInlineSnapshot(`
      [
        [
          "request.response_format.json_schema.schema.properties.child.properties.child.properties.child.properties.child.properties.child.properties.child.properties.child.properties.child.properties.child.properties.child",
          "The response_format 'invoice' sets strict: true, and OpenAI's strict mode rejects it: at properties.child.properties.child.properties.child.properties.child.properties.child.properties.child.properties.child.properties.child.properties.child.properties.child, objects are nested 11 levels deep (strict mode allows 10). Every request to step 1, openai/gpt-4.1-mini, fails with a 400 ("Invalid schema for response_format 'invoice': ...") and the router moves on.",
        ],
      ]
    `)
  })

  it('accepts a schema that follows the rules, with nullable fields and $defs', () => {
    const schema = {
      type: 'object',
      properties: { customer: { $ref: '#/$defs/customer' }, note: { type: ['string', 'null'] } },
      required: ['customer', 'note'],
      additionalProperties: false,
      $defs: {
        customer: {
          type: 'object',
          properties: { name: { type: 'string' } },
          required: ['name'],
          additionalProperties: false,
        },
      },
    }
    expect(
      findings('strict-mode', request({ models: ['openai/gpt-4.1-mini'], response_format: format(schema) })),
    ).toEqual([])
  })

  it('says nothing without strict: true, or without an OpenAI step', () => {
    expect(
      findings('strict-mode', request({ models: ['openai/gpt-4.1-mini'], response_format: format(loose(), false) })),
    ).toEqual([])
    expect(
      findings('strict-mode', request({ models: ['google/gemini-2.5-flash'], response_format: format(loose()) })),
    ).toEqual([])
  })
})
