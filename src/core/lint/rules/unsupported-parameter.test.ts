import { describe, expect, it } from 'vitest'
import type { ToolDefinition } from '../../types.js'
import { findings, invoiceSchema, request } from '../__fixtures__/lint.js'

const tools: ToolDefinition[] = [{ type: 'function', function: { name: 'save_invoice', parameters: invoiceSchema() } }]
const jsonSchema = {
  type: 'json_schema',
  json_schema: { name: 'invoice', strict: true, schema: invoiceSchema() },
} as const

describe('unsupported-parameter', () => {
  it('fails a step without tool support when the request sends tools', () => {
    const req = request({
      models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini', 'gryphe/mythomax-l2-13b:free'],
      tools,
    })
    expect(findings('unsupported-parameter', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Replace it with a model that supports tools, or call it from a client-side stage that does not send tools.",
          "message": "step 3, gryphe/mythomax-l2-13b:free, does not support tools (its catalog entry's supported_parameters lack "tools"): the router either answers 404 "No endpoints found that support tool use" and moves on, or sends the request without the tools and the model answers in plain text with status 200 (which one depends on the router's version).",
          "path": "request.tools",
          "rule": "unsupported-parameter",
          "severity": "error",
          "step": 2,
        },
      ]
    `)
  })

  it('says the step never serves when require_parameters is set', () => {
    const req = request({
      models: ['google/gemini-2.5-flash', 'gryphe/mythomax-l2-13b:free'],
      response_format: { type: 'json_object' },
      provider: { require_parameters: true },
    })
    expect(findings('unsupported-parameter', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Replace it with a model that supports response_format, or call it from a client-side stage that does not send response_format.",
          "message": "step 2, gryphe/mythomax-l2-13b:free, does not support response_format (its catalog entry's supported_parameters lack "response_format"): with provider.require_parameters the router finds no endpoint (404 "No endpoints found that can handle the requested parameters.") and moves on, so this step never serves.",
          "path": "request.response_format",
          "rule": "unsupported-parameter",
          "severity": "error",
          "step": 1,
        },
      ]
    `)
  })

  it('fails a step with tools but no tool_choice when the request sets tool_choice', () => {
    const req = request({
      models: ['google/gemini-2.5-flash', 'mistralai/mistral-small-3.2-24b-instruct'],
      tools,
      tool_choice: 'required',
    })
    expect(findings('unsupported-parameter', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Replace it with a model that supports tool_choice, or call it from a client-side stage that does not send tool_choice.",
          "message": "step 2, mistralai/mistral-small-3.2-24b-instruct, does not support tool_choice (its catalog entry's supported_parameters lack "tool_choice"): the router either answers 404 "No endpoints found that support the provided 'tool_choice' value" and moves on, or sends it without tool_choice, and the model may answer with status 200 without calling a tool (which one depends on the router's version).",
          "path": "request.tool_choice",
          "rule": "unsupported-parameter",
          "severity": "error",
          "step": 1,
        },
      ]
    `)
  })

  it('warns that a json_schema is only a hint on a step without structured_outputs', () => {
    const req = request({
      models: ['google/gemini-2.5-flash', 'anthropic/claude-3.5-haiku'],
      response_format: jsonSchema,
    })
    expect(findings('unsupported-parameter', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Use a model whose supported_parameters include structured_outputs, or make sure the contract check catches what this step returns (the quirk cases of \`run\` show it).",
          "message": "step 2, anthropic/claude-3.5-haiku, supports response_format but not structured_outputs: the json_schema is only a hint there. The router accepts it and the model may answer JSON that breaks the schema (fenced, chatty, keys missing) with status 200 and no error.",
          "path": "request.response_format",
          "rule": "unsupported-parameter",
          "severity": "warning",
          "step": 1,
        },
      ]
    `)
  })

  it('says nothing when every step supports what the request sends', () => {
    const req = request({
      models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini', 'anthropic/claude-sonnet-4.5'],
      tools,
      tool_choice: 'auto',
      response_format: jsonSchema,
    })
    expect(findings('unsupported-parameter', req)).toEqual([])
  })

  it('says nothing about a plain-text request on a step without tools', () => {
    const req = request({ models: ['google/gemini-2.5-flash', 'gryphe/mythomax-l2-13b:free'] })
    expect(findings('unsupported-parameter', req)).toEqual([])
  })
})
