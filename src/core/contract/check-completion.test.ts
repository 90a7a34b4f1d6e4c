import { describe, expect, it } from 'vitest'
import { completionOf } from '../answers/__fixtures__/completion.js'
import { jsonSchemaRequest, textRequest, toolRequest } from '../answers/__fixtures__/requests.js'
import type { AnswerMessage } from '../answers/types.js'
import type { ChatRequest } from '../types.js'
import { checkCompletion } from './index.js'

const invoice = {
  vendor: { name: 'Acme GmbH', email: 'billing@acme.example' },
  invoice_number: 'INV-0042',
  issued_on: '2026-03-01',
  currency: 'EUR',
  total: 42.5,
  status: 'sent',
  line_items: [{ description: 'Consulting', quantity: 1, unit_price: 42.5 }],
}

function content(text: string): AnswerMessage {
  return { content: text, refusal: null, finish_reason: 'stop', native_finish_reason: 'stop' }
}

function calls(...list: Array<[string, string]>): AnswerMessage {
  return {
    content: null,
    tool_calls: list.map(([name, args], i) => ({
      id: `call_${i}`,
      type: 'function',
      function: { name, arguments: args },
    })),
    refusal: null,
    finish_reason: 'tool_calls',
    native_finish_reason: 'tool_calls',
  }
}

const messagesOf = (request: ChatRequest, answer: AnswerMessage) =>
  checkCompletion(request, completionOf(answer), {}).map((f) => f.message)

describe('checkCompletion', () => {
  it('passes a valid JSON answer', () => {
    expect(checkCompletion(jsonSchemaRequest(), completionOf(content(JSON.stringify(invoice))), {})).toEqual([])
  })

  it('names every schema violation in one sentence with its JSON path', () => {
    const broken = {
      ...invoice,
      total: '42.50',
      currency: 'YEN',
      vendor: { name: 'Acme' },
      line_items: [{ description: 'x', quantity: 0, unit_price: 1, note: 'n' }],
    }
    expect(checkCompletion(jsonSchemaRequest(), completionOf(content(JSON.stringify(broken))), {}))
      .toMatchInlineSnapshot(`
      [
        {
          "check": "schema",
          "message": "$.vendor: the required key "email" is missing",
          "path": "response.choices[0].message.content.vendor",
        },
        {
          "check": "schema",
          "message": "$.currency: expected one of "EUR", "USD", "GBP", got "YEN"",
          "path": "response.choices[0].message.content.currency",
        },
        {
          "check": "schema",
          "message": "$.total: expected number, got string "42.50"",
          "path": "response.choices[0].message.content.total",
        },
        {
          "check": "schema",
          "message": "$.line_items[0].note: the key is not declared in the schema (additionalProperties: false)",
          "path": "response.choices[0].message.content.line_items[0].note",
        },
        {
          "check": "schema",
          "message": "$.line_items[0].quantity: expected a number >= 1, got 0",
          "path": "response.choices[0].message.content.line_items[0].quantity",
        },
      ]
    `)
  })

  it('folds a union of plain types into one sentence and names the closest alternative otherwise', () => {
    const nullable = { ...invoice, notes: 3 }
    expect(messagesOf(jsonSchemaRequest(), content(JSON.stringify(nullable)))).toMatchInlineSnapshot(`
      [
        "$.notes: expected string or null, got number 3",
      ]
    `)
  })

  it('tells prose apart from JSON', () => {
    expect(messagesOf(jsonSchemaRequest(), content('The invoice from Acme GmbH totals 42.50 EUR.')))
      .toMatchInlineSnapshot(`
      [
        "the content is text, not JSON: "The invoice from Acme GmbH totals 42.50…"",
      ]
    `)
  })

  it('asks json_object answers for an object and nothing more', () => {
    const request = textRequest({ response_format: { type: 'json_object' } })
    expect(messagesOf(request, content('{"anything": true}'))).toEqual([])
    expect(messagesOf(request, content('[1, 2]'))).toMatchInlineSnapshot(`
      [
        "the content is JSON but not an object, which response_format "json_object" asks for",
      ]
    `)
  })

  it('reads content given as an array of text parts', () => {
    const answer = {
      ...content(''),
      content: [{ type: 'text', text: JSON.stringify(invoice) }],
    } as unknown as AnswerMessage
    expect(messagesOf(jsonSchemaRequest(), answer)).toEqual([])
  })

  it('reports an error object inside an HTTP 200 instead of choices', () => {
    const body = {
      error: { code: 502, message: 'Provider returned error', metadata: { provider_name: 'Google' } },
      user_id: 'user_1',
    }
    expect(checkCompletion(textRequest(), body, {})).toMatchInlineSnapshot(`
      [
        {
          "check": "error-in-200",
          "message": "the body carries an error instead of an answer: 502 "Provider returned error"",
          "path": "response.error",
        },
      ]
    `)
  })

  it('reports a choice that carries an error, and finish_reason "error" without one', () => {
    const withError = completionOf({ ...content('partial output...'), finish_reason: 'error' })
    ;(withError.choices as Array<Record<string, unknown>>)[0]!.error = {
      code: 502,
      message: 'Provider disconnected mid-stream',
    }
    expect(checkCompletion(textRequest(), withError, {})).toMatchInlineSnapshot(`
      [
        {
          "check": "error-in-200",
          "message": "the choice carries an error instead of an answer: 502 "Provider disconnected mid-stream"",
          "path": "response.choices[0].error",
        },
      ]
    `)
    const bare = completionOf({
      ...calls(['extract_invoice', '{']),
      finish_reason: 'error',
      native_finish_reason: 'MALFORMED_FUNCTION_CALL',
    })
    expect(checkCompletion(toolRequest(), bare, {})).toMatchInlineSnapshot(`
      [
        {
          "check": "finish-reason",
          "message": "finish_reason is "error": the provider failed while answering (native_finish_reason "MALFORMED_FUNCTION_CALL")",
          "path": "response.choices[0].finish_reason",
        },
      ]
    `)
  })

  it('reports a body that is not a completion', () => {
    expect(checkCompletion(textRequest(), { id: 'gen-1', choices: [] }, {})).toMatchInlineSnapshot(`
      [
        {
          "check": "response-shape",
          "message": "the response has no choices",
          "path": "response.choices",
        },
      ]
    `)
    expect(checkCompletion(textRequest(), 'Bad gateway', {})).toMatchInlineSnapshot(`
      [
        {
          "check": "response-shape",
          "message": "the response body is not a JSON object",
          "path": "response",
        },
      ]
    `)
  })

  it('passes a text answer and a tool call that meet the request', () => {
    expect(messagesOf(textRequest(), content('Acme GmbH, 42.50 EUR.'))).toEqual([])
    expect(
      messagesOf(toolRequest(), calls(['lookup_customer', '{"customer_id":"6b3f8e1a-2c4d-4e5f-8a9b-0c1d2e3f4a5b"}'])),
    ).toEqual([])
  })

  it('checks tool arguments against the parameters of the tool they name', () => {
    expect(
      checkCompletion(toolRequest(), completionOf(calls(['lookup_customer', '{"customer_id": 42, "extra": 1}'])), {}),
    ).toMatchInlineSnapshot(`
      [
        {
          "check": "tool-arguments",
          "message": "the arguments of tool call "lookup_customer" do not match its parameters: $.extra: the key is not declared in the schema (additionalProperties: false)",
          "path": "response.choices[0].message.tool_calls[0].function.arguments.extra",
        },
        {
          "check": "tool-arguments",
          "message": "the arguments of tool call "lookup_customer" do not match its parameters: $.customer_id: expected string, got number 42",
          "path": "response.choices[0].message.tool_calls[0].function.arguments.customer_id",
        },
      ]
    `)
  })

  it('reports a tool call to an undeclared tool, also when the request declares none', () => {
    expect(messagesOf(toolRequest(), calls(['lookup_vendor', '{}']))).toMatchInlineSnapshot(`
      [
        "the tool call names "lookup_vendor", which the request does not declare (declared: extract_invoice, lookup_customer)",
      ]
    `)
    expect(messagesOf(textRequest(), calls(['lookup_vendor', '{}']))).toMatchInlineSnapshot(`
      [
        "the tool call names "lookup_vendor", which the request does not declare (declared: none)",
      ]
    `)
  })

  describe('tool_choice', () => {
    const customer = '{"customer_id":"6b3f8e1a-2c4d-4e5f-8a9b-0c1d2e3f4a5b"}'

    it('"none" allows no tool call', () => {
      expect(messagesOf(toolRequest({ tool_choice: 'none' }), calls(['lookup_customer', customer])))
        .toMatchInlineSnapshot(`
        [
          "tool_choice is "none", but the answer calls "lookup_customer"",
        ]
      `)
      expect(messagesOf(toolRequest({ tool_choice: 'none' }), content('No tool needed.'))).toEqual([])
    })

    it('"required" wants at least one call', () => {
      expect(messagesOf(toolRequest({ tool_choice: 'required' }), content('I will not call a tool.')))
        .toMatchInlineSnapshot(`
        [
          "tool_choice is "required", but the answer calls no tool",
        ]
      `)
      expect(messagesOf(toolRequest({ tool_choice: 'required' }), calls(['lookup_customer', customer]))).toEqual([])
    })

    it('a named function wants a call to that function', () => {
      const request = toolRequest({ tool_choice: { type: 'function', function: { name: 'extract_invoice' } } })
      expect(messagesOf(request, calls(['lookup_customer', customer]))).toMatchInlineSnapshot(`
        [
          "tool_choice requires a call to "extract_invoice", but the answer calls "lookup_customer"",
        ]
      `)
      expect(messagesOf(request, content('Here is the invoice.'))).toMatchInlineSnapshot(`
        [
          "tool_choice requires a call to "extract_invoice", but the answer calls no tool",
        ]
      `)
      expect(messagesOf(request, calls(['extract_invoice', JSON.stringify(invoice)]))).toEqual([])
    })

    it('"auto" accepts content or a call', () => {
      expect(messagesOf(toolRequest(), content('Acme GmbH.'))).toEqual([])
      expect(messagesOf(toolRequest(), calls(['lookup_customer', customer]))).toEqual([])
    })
  })

  it('does not judge commentary beside a tool call against the response_format', () => {
    const request = jsonSchemaRequest(undefined, { tools: toolRequest().tools })
    const answer = {
      ...calls(['lookup_customer', '{"customer_id":"6b3f8e1a-2c4d-4e5f-8a9b-0c1d2e3f4a5b"}']),
      content: 'Let me look that up.',
    }
    expect(messagesOf(request, answer)).toEqual([])
  })
})
