/**
 * The same feature with the cascade corrected: three catalog ids that all call tools and return
 * structured output, `require_parameters` so no provider drops them, and the app's careful client
 * (the openai SDK plus a parser that repairs or refuses every quirk). Every case passes.
 */
import { defineScenario } from 'cascade-harness'
import { CASCADE, Invoice, invoiceFormat, messages, tools } from './invoice-app/definitions.js'
import { extractInvoice } from './invoice-app/chat.js'

export default defineScenario({
  name: 'corrected-cascade',
  description: 'Three capable models, require_parameters, and a client that validates every answer.',
  request: {
    models: CASCADE,
    messages: [...messages],
    tools: [...tools],
    tool_choice: 'auto',
    response_format: invoiceFormat,
    provider: { require_parameters: true },
    max_tokens: 1024,
  },
  client: extractInvoice,
  expect: { result: Invoice, maxCostUsd: 0.05 },
  // The client gives up after 1.5 s (chat.ts); the deadline only catches a client that would not.
  deadlineMs: 3000,
})
