import { describe, expect, it } from 'vitest'
import { completionOf } from '../answers/__fixtures__/completion.js'
import { jsonSchemaRequest, textRequest, toolRequest } from '../answers/__fixtures__/requests.js'
import { checkResult } from './index.js'

const invoice = {
  vendor: { name: 'Acme GmbH', email: 'billing@acme.example' },
  invoice_number: 'INV-0042',
  issued_on: '2026-03-01',
  currency: 'EUR',
  total: 42.5,
  status: 'sent',
  line_items: [{ description: 'Consulting', quantity: 1, unit_price: 42.5 }],
}

describe('checkResult', () => {
  it('judges a returned completion like the response, with paths from the result', () => {
    const completion = completionOf({
      content: '```json\n{}\n```',
      refusal: null,
      finish_reason: 'stop',
      native_finish_reason: 'stop',
    })
    expect(checkResult(jsonSchemaRequest(), completion)).toMatchInlineSnapshot(`
      [
        {
          "check": "json-parse",
          "message": "the content is JSON wrapped in a Markdown fence; JSON.parse fails on it",
          "path": "$.choices[0].message.content",
        },
      ]
    `)
  })

  it('parses and validates a returned string when the request asks for JSON', () => {
    expect(checkResult(jsonSchemaRequest(), JSON.stringify(invoice))).toEqual([])
    expect(checkResult(jsonSchemaRequest(), JSON.stringify({ ...invoice, total: '42.50' }))).toMatchInlineSnapshot(`
      [
        {
          "check": "schema",
          "message": "$.total: expected number, got string "42.50"",
          "path": "$.total",
        },
      ]
    `)
    expect(checkResult(jsonSchemaRequest(), '```json\n{"total": 1}\n```')).toMatchInlineSnapshot(`
      [
        {
          "check": "json-parse",
          "message": "the result is JSON wrapped in a Markdown fence; JSON.parse fails on it",
          "path": "$",
        },
      ]
    `)
  })

  it('never applies the wire schema to an object the app built, only to a served answer passed through', () => {
    const { total: _total, ...withoutTotal } = invoice
    // The app's own object (the parsed answer plus a field of its own): the app's schema judges it, not the wire's.
    expect(
      checkResult(jsonSchemaRequest(), { ...invoice, used: 'openai/gpt-4.1-mini' }, { wireValues: () => [invoice] }),
    ).toEqual([])
    expect(checkResult(jsonSchemaRequest(), withoutTotal, { wireValues: () => [invoice] })).toEqual([])
    // The model's JSON returned as is: the answer that broke the contract reached the app unnoticed.
    expect(checkResult(jsonSchemaRequest(), invoice, { wireValues: () => [invoice] })).toEqual([])
    expect(checkResult(jsonSchemaRequest(), withoutTotal, { wireValues: () => [{ ...withoutTotal }] }))
      .toMatchInlineSnapshot(`
      [
        {
          "check": "schema",
          "message": "$: the required key "total" is missing",
          "path": "$",
        },
      ]
    `)
  })

  it('checks a returned assistant message, a list of tool calls and an AI SDK result', () => {
    const request = toolRequest({ tool_choice: 'required' })
    expect(checkResult(request, { role: 'assistant', content: 'Sure.', refusal: null })).toMatchInlineSnapshot(`
      [
        {
          "check": "tool-choice",
          "message": "tool_choice is "required", but the answer calls no tool",
          "path": "$.tool_calls",
        },
      ]
    `)
    expect(checkResult(request, [{ name: 'lookup_vendor', arguments: '{}' }])).toMatchInlineSnapshot(`
      [
        {
          "check": "tool-name",
          "message": "the tool call names "lookup_vendor", which the request does not declare (declared: extract_invoice, lookup_customer)",
          "path": "$[0].name",
        },
      ]
    `)
    expect(
      checkResult(request, {
        text: '',
        toolCalls: [{ toolCallId: 'c1', toolName: 'lookup_customer', input: { customer_id: 7 } }],
      }),
    ).toMatchInlineSnapshot(`
      [
        {
          "check": "tool-arguments",
          "message": "the arguments of tool call "lookup_customer" do not match its parameters: $.customer_id: expected string, got number 7",
          "path": "$.toolCalls[0].input.customer_id",
        },
      ]
    `)
  })

  it('wants an answer: nothing returned, or an empty string, fails', () => {
    expect(checkResult(textRequest(), undefined)).toMatchInlineSnapshot(`
      [
        {
          "check": "empty",
          "message": "the client returned undefined instead of an answer",
          "path": "$",
        },
      ]
    `)
    expect(checkResult(textRequest(), '  ')).toMatchInlineSnapshot(`
      [
        {
          "check": "empty",
          "message": "the result is an empty string",
          "path": "$",
        },
      ]
    `)
    expect(checkResult(textRequest(), 'Acme GmbH')).toEqual([])
  })

  it('leaves other shapes to expect.result when the request asks for no JSON', () => {
    expect(checkResult(textRequest(), { vendor: 'Acme', total: 42.5 })).toEqual([])
    expect(checkResult(textRequest(), 42)).toEqual([])
  })
})
