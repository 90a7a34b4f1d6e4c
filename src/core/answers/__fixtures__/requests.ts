import type { ChatRequest, JsonSchema, ToolDefinition } from '../../types.js'

/**
 * Realistic definitions shared by the answer and contract tests (not shipped behaviour). The invoice
 * schema is the README's running example: nested arrays, enums, formats, a pattern, a $ref and
 * `additionalProperties: false` everywhere, the way OpenAI strict mode wants it.
 */
export const invoiceSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['vendor', 'invoice_number', 'issued_on', 'currency', 'total', 'status', 'line_items'],
  properties: {
    vendor: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'email'],
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 80 },
        email: { type: 'string', format: 'email' },
        website: { type: ['string', 'null'], format: 'uri' },
      },
    },
    invoice_number: { type: 'string', pattern: '^INV-[0-9]{4,8}$' },
    issued_on: { type: 'string', format: 'date' },
    due_at: { type: 'string', format: 'date-time' },
    currency: { type: 'string', enum: ['EUR', 'USD', 'GBP'] },
    total: { type: 'number', minimum: 0, maximum: 100000 },
    status: { enum: ['draft', 'sent', 'paid'] },
    id: { type: 'string', format: 'uuid' },
    line_items: { type: 'array', minItems: 1, maxItems: 5, items: { $ref: '#/$defs/line_item' } },
    notes: { anyOf: [{ type: 'string', maxLength: 200 }, { type: 'null' }] },
  },
  $defs: {
    line_item: {
      type: 'object',
      additionalProperties: false,
      required: ['description', 'quantity', 'unit_price'],
      properties: {
        description: { type: 'string' },
        quantity: { type: 'integer', minimum: 1, maximum: 100 },
        unit_price: { type: 'number', exclusiveMinimum: 0 },
        tags: { type: 'array', items: { type: 'string', enum: ['service', 'goods'] }, uniqueItems: true },
      },
    },
  },
} satisfies JsonSchema

/** A discriminated union, the other common shape of structured output. */
export const eventSchema = {
  type: 'object',
  required: ['event'],
  additionalProperties: false,
  properties: {
    event: {
      oneOf: [
        {
          type: 'object',
          additionalProperties: false,
          required: ['kind', 'amount'],
          properties: { kind: { const: 'payment' }, amount: { type: 'number' } },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['kind', 'reason'],
          properties: { kind: { const: 'dispute' }, reason: { type: 'string', minLength: 3 } },
        },
      ],
    },
  },
} satisfies JsonSchema

/** A recursive schema through `definitions` (draft-07 spelling) and a nullable type array. */
export const outlineSchema = {
  $ref: '#/definitions/section',
  definitions: {
    section: {
      type: 'object',
      additionalProperties: false,
      required: ['title', 'children', 'due'],
      properties: {
        title: { type: 'string', minLength: 1 },
        due: { type: ['string', 'null'], format: 'date' },
        children: { type: 'array', maxItems: 2, items: { $ref: '#/definitions/section' } },
      },
    },
  },
} satisfies JsonSchema

/** Booleans and strings only: number_as_string has no number to bend here. */
export const flagsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['approved', 'reviewer'],
  properties: { approved: { type: 'boolean' }, reviewer: { type: 'string' } },
} satisfies JsonSchema

export const extractInvoiceTool: ToolDefinition = {
  type: 'function',
  function: { name: 'extract_invoice', description: 'Record the fields of an invoice.', parameters: invoiceSchema },
}

export const lookupCustomerTool: ToolDefinition = {
  type: 'function',
  function: {
    name: 'lookup_customer',
    parameters: {
      type: 'object',
      additionalProperties: false,
      required: ['customer_id'],
      properties: { customer_id: { type: 'string', format: 'uuid' } },
    },
  },
}

const messages: ChatRequest['messages'] = [
  { role: 'system', content: 'Extract the invoice.' },
  { role: 'user', content: 'Invoice INV-0042 from Acme GmbH, total 42.50 EUR.' },
]

export const CASCADE = ['google/gemini-2.5-flash', 'anthropic/claude-sonnet-4.5', 'openai/gpt-4.1-mini']

export function jsonSchemaRequest(schema: JsonSchema = invoiceSchema, extra: Partial<ChatRequest> = {}): ChatRequest {
  return {
    models: CASCADE,
    messages,
    response_format: { type: 'json_schema', json_schema: { name: 'answer', strict: true, schema } },
    ...extra,
  }
}

export function toolRequest(extra: Partial<ChatRequest> = {}): ChatRequest {
  return { models: CASCADE, messages, tools: [extractInvoiceTool, lookupCustomerTool], tool_choice: 'auto', ...extra }
}

export function textRequest(extra: Partial<ChatRequest> = {}): ChatRequest {
  return { models: CASCADE, messages, ...extra }
}
