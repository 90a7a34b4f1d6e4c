/**
 * The cascade exactly as the article published it. The gate must fail it, and say why a reader
 * should care: four models where the router accepts three (every request is a 400), a dashed id the
 * catalog does not know, a free model that cannot call tools, and no `require_parameters`.
 */
import { defineScenario } from 'cascade-harness'
import { ARTICLE_CASCADE, invoiceFormat, messages, tools } from './invoice-app/definitions.js'

export default defineScenario({
  name: 'article-cascade',
  description: 'The published four-model cascade, sent by a plain fetch client.',
  request: {
    models: ARTICLE_CASCADE,
    messages: [...messages],
    tools: [...tools],
    tool_choice: 'auto',
    response_format: invoiceFormat,
    provider: { order: ['Anthropic', 'Google'] },
    max_tokens: 1024,
  },
  client: 'reference',
})
