// In a user's project this line reads `from 'cascade-harness'`; here the fixture imports the source.
import { defineScenario } from '../../../../../../index.js'
import { CASCADE, InvoiceSchema, Model, invoiceFormat, messages, tools } from '../src/llm/definitions.js'
// A path-less relative import, as apps built with a bundler write them; Node's own resolver (and
// this repo's nodenext tsconfig) refuse it, the harness's TypeScript loader accepts it.
// @ts-expect-error TS2835 under moduleResolution nodenext
import { extractInvoice } from '../src/llm/chat'

export default defineScenario({
  name: 'extract-invoice',
  request: {
    models: CASCADE,
    messages,
    tools,
    tool_choice: 'auto',
    response_format: invoiceFormat,
    provider: { require_parameters: true },
  },
  client: extractInvoice,
  expect: { result: InvoiceSchema, maxCostUsd: 0.02, maxLatencyMs: 20_000 },
  faults: [
    { name: 'primary rate-limited', at: { [Model.Primary]: 'rate_limit' }, expect: { servedBy: Model.Fallback } },
  ],
})
