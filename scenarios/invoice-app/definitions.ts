/**
 * The example app's LLM definitions, as an app would keep them in `src/llm/definitions.ts`. The
 * scenarios import these, so the harness tests exactly what ships.
 */
import { z } from 'zod'

/** What the app needs back: the zod schema its code parses with. */
export const Invoice = z.object({
  vendor: z.string(),
  invoice_number: z.string(),
  currency: z.enum(['USD', 'EUR', 'GBP']),
  total: z.coerce.number(),
  line_items: z.array(
    z.object({ description: z.string(), quantity: z.coerce.number(), unit_price: z.coerce.number() }),
  ),
})
export type Invoice = z.infer<typeof Invoice>

/** The same contract as JSON Schema, written for OpenAI strict mode (every key required, no extras). */
export const invoiceJsonSchema = {
  type: 'object',
  properties: {
    vendor: { type: 'string', description: 'Legal name of the seller' },
    invoice_number: { type: 'string' },
    currency: { type: 'string', enum: ['USD', 'EUR', 'GBP'] },
    total: { type: 'number', description: 'Grand total, tax included' },
    line_items: {
      type: 'array',
      items: {
        type: 'object',
        properties: { description: { type: 'string' }, quantity: { type: 'number' }, unit_price: { type: 'number' } },
        required: ['description', 'quantity', 'unit_price'],
        additionalProperties: false,
      },
    },
  },
  required: ['vendor', 'invoice_number', 'currency', 'total', 'line_items'],
  additionalProperties: false,
} as const

export const invoiceFormat = {
  type: 'json_schema',
  json_schema: { name: 'invoice', strict: true, schema: invoiceJsonSchema },
} as const

/** The tool the model may call instead of answering in content: it records the extracted invoice. */
export const tools = [
  {
    type: 'function',
    function: {
      name: 'record_invoice',
      description: 'Store the invoice extracted from the document.',
      parameters: invoiceJsonSchema,
    },
  },
] as const

export const messages = [
  { role: 'system', content: 'You extract invoices. Answer with the invoice as JSON, or call record_invoice.' },
  {
    role: 'user',
    content:
      'Invoice INV-2041 from Acme Tools Ltd, in EUR: 3 torque wrenches at 42.50 each, 1 case of bits at 19.90. Total 147.40.',
  },
] as const

/** The cascade as the article published it: four models, one of them a dashed alias and one free. */
export const ARTICLE_CASCADE = [
  'google/gemini-2.5-flash',
  'openai/gpt-4.1-mini',
  'anthropic/claude-sonnet-4-5',
  'gryphe/mythomax-l2-13b:free',
]

/** The corrected cascade: three catalog ids, each able to call tools and return structured output. */
export const CASCADE = ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini', 'anthropic/claude-sonnet-4.5']
