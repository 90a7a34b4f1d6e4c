import { describe, expect, it } from 'vitest'
import type { ChatRequest } from '../../types.js'
import { PORTABILITY_FEATURES, rejectedFeatures } from '../../portability/schema-support.js'
import { findings, invoiceSchema, request } from '../__fixtures__/lint.js'

const bounded = () => ({
  type: 'object',
  properties: {
    number: { type: 'string' },
    total: { type: 'number', minimum: 0, maximum: 1_000_000 },
    lines: { type: 'array', items: { type: 'string' }, minItems: 1 },
  },
  required: ['number', 'total', 'lines'],
  additionalProperties: false,
})

const format = (schema: Record<string, unknown>, strict = true): ChatRequest['response_format'] => ({
  type: 'json_schema',
  json_schema: { name: 'invoice', strict, schema },
})

describe('schema-portability', () => {
  it('fails a Claude step with structured outputs on numeric bounds in the response_format schema', () => {
    const req = request({
      models: ['openai/gpt-4.1-mini', 'anthropic/claude-sonnet-4.5'],
      response_format: format(bounded()),
    })
    expect(findings('schema-portability', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Move the bound into the description ("between 0 and 1") and check it in expect.result (for example z.number().min(0).max(1)), as the Anthropic SDKs do.",
          "message": "step 2, anthropic/claude-sonnet-4.5, rejects minimum and maximum in the response_format schema (properties.total.minimum and 1 more): Anthropic's structured outputs reject numeric bounds ("For 'number' type, properties maximum, minimum are not supported"). Every request to this step fails with a 400 and the router moves on.",
          "path": "request.response_format.json_schema.schema.properties.total.minimum",
          "rule": "schema-portability",
          "severity": "error",
          "step": 1,
        },
      ]
    `)
  })

  it('warns, unconfirmed, about bounds in a strict tool sent to Claude (the router may not forward strict)', () => {
    const req = request({
      models: ['anthropic/claude-sonnet-4.5'],
      tools: [{ type: 'function', function: { name: 'save_invoice', strict: true, parameters: bounded() } }],
    })
    expect(findings('schema-portability', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Move the bound into the description ("between 0 and 1") and check it in expect.result (for example z.number().min(0).max(1)), as the Anthropic SDKs do.",
          "message": "step 1, anthropic/claude-sonnet-4.5, may reject minimum and maximum in tool save_invoice's parameters (properties.total.minimum and 1 more): Anthropic's structured outputs reject numeric bounds ("For 'number' type, properties maximum, minimum are not supported"). Unconfirmed through the router; if it does, every request to this step fails with a 400 and the router moves on.",
          "path": "request.tools[0].function.parameters.properties.total.minimum",
          "rule": "schema-portability",
          "severity": "warning",
          "step": 0,
        },
      ]
    `)
  })

  it('says nothing about a non-strict tool or a Claude endpoint without structured outputs: the schema is a hint there', () => {
    const req = request({
      models: ['anthropic/claude-sonnet-4.5', 'anthropic/claude-3.5-haiku'],
      tools: [{ type: 'function', function: { name: 'save_invoice', parameters: bounded() } }],
    })
    expect(findings('schema-portability', req)).toEqual([])
    expect(
      findings(
        'schema-portability',
        request({ models: ['anthropic/claude-3.5-haiku'], response_format: format(bounded()) }),
      ),
    ).toEqual([])
  })

  it('warns that keywords outside the Gemini subset may be dropped or rejected', () => {
    const schema = {
      ...invoiceSchema(),
      properties: {
        ...invoiceSchema().properties,
        number: { type: 'string', pattern: '^\\d{4}-\\d+$', maxLength: 20 },
      },
    }
    const req = request({
      models: ['google/gemini-2.5-flash'],
      tools: [{ type: 'function', function: { name: 'save_invoice', parameters: schema } }],
    })
    expect(findings('schema-portability', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Move the length into the description and check it in expect.result (for example z.string().max(280)).",
          "message": "step 1, google/gemini-2.5-flash: maxLength in tool save_invoice's parameters (properties.number.maxLength) is outside Gemini's documented schema subset, so it may be dropped or rejected.",
          "path": "request.tools[0].function.parameters.properties.number.maxLength",
          "rule": "schema-portability",
          "severity": "warning",
          "step": 0,
        },
        {
          "fix": "Describe the format in the description and check it in expect.result.",
          "message": "step 1, google/gemini-2.5-flash: pattern in tool save_invoice's parameters (properties.number.pattern) is outside Gemini's documented schema subset, so it may be dropped or rejected.",
          "path": "request.tools[0].function.parameters.properties.number.pattern",
          "rule": "schema-portability",
          "severity": "warning",
          "step": 0,
        },
      ]
    `)
  })

  it('says an unconfirmed rejection is unconfirmed ($schema on Gemini, additionalProperties on Gemini 2.0)', () => {
    const schema = { $schema: 'http://json-schema.org/draft-07/schema#', ...invoiceSchema() }
    const req = request({
      models: ['google/gemini-2.5-flash', 'google/gemini-2.0-flash-001'],
      response_format: format(schema, false),
    })
    expect(findings('schema-portability', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Remove the $schema key (zod-to-json-schema and zodResponseFormat add it).",
          "message": "step 1, google/gemini-2.5-flash, may reject $schema in the response_format schema ($schema): Gemini rejects an unknown "$schema" field ("Unknown name \\"$schema\\""). Unconfirmed through the router; if it does, every request to this step fails with a 400 and the router moves on.",
          "path": "request.response_format.json_schema.schema.$schema",
          "rule": "schema-portability",
          "severity": "warning",
          "step": 0,
        },
        {
          "fix": "Remove additionalProperties for this step, or use a Gemini 2.5 or later model.",
          "message": "step 2, google/gemini-2.0-flash-001, may reject additionalProperties in the response_format schema (additionalProperties): Gemini 2.0 and earlier reject additionalProperties ("Unknown name \\"additionalProperties\\""). Unconfirmed through the router; if it does, every request to this step fails with a 400 and the router moves on.",
          "path": "request.response_format.json_schema.schema.additionalProperties",
          "rule": "schema-portability",
          "severity": "warning",
          "step": 1,
        },
        {
          "fix": "Remove the $schema key (zod-to-json-schema and zodResponseFormat add it).",
          "message": "step 2, google/gemini-2.0-flash-001, may reject $schema in the response_format schema ($schema): Gemini rejects an unknown "$schema" field ("Unknown name \\"$schema\\""). Unconfirmed through the router; if it does, every request to this step fails with a 400 and the router moves on.",
          "path": "request.response_format.json_schema.schema.$schema",
          "rule": "schema-portability",
          "severity": "warning",
          "step": 1,
        },
      ]
    `)
  })

  it('warns that open-weight grammar engines may not enforce constraints beyond the core', () => {
    const schema = {
      ...invoiceSchema(),
      properties: { ...invoiceSchema().properties, due: { type: 'string', format: 'date' } },
      required: ['number', 'total', 'currency', 'due'],
    }
    const req = request({
      models: ['openai/gpt-4.1-mini', 'meta-llama/llama-3.3-70b-instruct'],
      response_format: format(schema),
    })
    expect(findings('schema-portability', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Drop the format, describe it in the description and check it in expect.result.",
          "message": "step 2, meta-llama/llama-3.3-70b-instruct, may not enforce format in the response_format schema (properties.due.format): grammar engines usually do not enforce format (unconfirmed), so the model can break it and nothing reports it.",
          "path": "request.response_format.json_schema.schema.properties.due.format",
          "rule": "schema-portability",
          "severity": "warning",
          "step": 1,
        },
      ]
    `)
  })

  it('warns, unconfirmed, that Claude needs additionalProperties: false on every object', () => {
    const schema = {
      ...invoiceSchema(),
      properties: {
        ...invoiceSchema().properties,
        customer: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
      },
    }
    const req = request({ models: ['anthropic/claude-sonnet-4.5'], response_format: format(schema) })
    expect(findings('schema-portability', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Set additionalProperties: false on every object.",
          "message": "step 1, anthropic/claude-sonnet-4.5, may reject an object without additionalProperties: false in the response_format schema (properties.customer.additionalProperties): Anthropic requires additionalProperties: false on every object. Unconfirmed through the router; if it does, every request to this step fails with a 400 and the router moves on.",
          "path": "request.response_format.json_schema.schema.properties.customer.additionalProperties",
          "rule": "schema-portability",
          "severity": "warning",
          "step": 0,
        },
      ]
    `)
  })

  it('fails recursion on Claude', () => {
    const tree = {
      type: 'object',
      properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#' } } },
      required: ['name', 'children'],
      additionalProperties: false,
    }
    const req = request({ models: ['anthropic/claude-sonnet-4.5'], response_format: format(tree) })
    expect(findings('schema-portability', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Unroll the recursion to a fixed depth.",
          "message": "step 1, anthropic/claude-sonnet-4.5, rejects the recursive $ref in the response_format schema (properties.children.items.$ref): Anthropic's structured outputs do not support recursive schemas. Every request to this step fails with a 400 and the router moves on.",
          "path": "request.response_format.json_schema.schema.properties.children.items.$ref",
          "rule": "schema-portability",
          "severity": "error",
          "step": 0,
        },
      ]
    `)
  })

  it('says nothing about a portable schema on any family', () => {
    const req = request({
      models: ['google/gemini-2.5-flash', 'anthropic/claude-sonnet-4.5', 'meta-llama/llama-3.3-70b-instruct'],
      response_format: format(invoiceSchema()),
      tools: [{ type: 'function', function: { name: 'save_invoice', strict: true, parameters: invoiceSchema() } }],
    })
    expect(findings('schema-portability', req)).toEqual([])
  })

  it('leaves OpenAI steps to strict-mode', () => {
    expect(
      findings('schema-portability', request({ models: ['openai/gpt-4.1-mini'], response_format: format(bounded()) })),
    ).toEqual([])
  })
})

describe('portability facts', () => {
  it('give the emulator only the confirmed rejections of a family', () => {
    const issues = rejectedFeatures(
      { ...bounded(), properties: { ...bounded().properties, note: { type: 'string', pattern: '(?=a)' } } },
      'anthropic',
      'anthropic/claude-sonnet-4.5',
    )
    expect(issues.map((i) => `${i.feature.id} ${i.occurrence.path}`)).toMatchInlineSnapshot(`
      [
        "numeric-bounds properties.total.minimum",
        "numeric-bounds properties.total.maximum",
      ]
    `)
  })

  it('record a source next to every fact', () => {
    for (const feature of PORTABILITY_FEATURES) {
      for (const fact of Object.values(feature.facts)) expect(fact.source, feature.id).toMatch(/\w{8,}/)
    }
  })
})
