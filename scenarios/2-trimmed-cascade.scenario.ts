/**
 * The article's cascade with only the obvious fix: trimmed to the router's three models. The request
 * is accepted now, and the fault matrix shows what the 400 was hiding: when the first two steps fail,
 * mythomax serves, the router drops the tools and response_format it cannot honour (no
 * `require_parameters`), and the plain fetch client hands the app prose instead of an invoice. Quirks
 * reach the app unrepaired too: the reference client trusts every 200.
 */
import { defineScenario } from 'cascade-harness'
import { invoiceFormat, messages, tools } from './invoice-app/definitions.js'

export default defineScenario({
  name: 'trimmed-cascade',
  description: 'The article cascade cut to three models, without require_parameters, sent by a plain fetch client.',
  request: {
    models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini', 'gryphe/mythomax-l2-13b:free'],
    messages: [...messages],
    tools: [...tools],
    tool_choice: 'auto',
    response_format: invoiceFormat,
    max_tokens: 1024,
  },
  client: 'reference',
  // A stalled provider holds the plain fetch client (it has no timeout) until the case deadline: a hang, judged a crash.
  deadlineMs: 1000,
})
