import type { Catalog, CatalogModel, ChatRequest, LintFinding } from '../../types.js'
import { lintRequest, type LintRequestOptions } from '../index.js'
import { CHARACTER_COUNTER } from '../../tokens/index.js'

/**
 * A small catalog of our own, so the tests do not depend on the built-in catalog's figures.
 * Prices are USD per token, as the router's model list writes them.
 */
const model = (id: string, fields: Partial<CatalogModel> & { price?: [string, string] }): CatalogModel => {
  const { price = ['0.000001', '0.000002'], ...rest } = fields
  return {
    id,
    context_length: 128_000,
    pricing: { prompt: price[0], completion: price[1] },
    top_provider: {
      context_length: rest.context_length ?? 128_000,
      max_completion_tokens: 16_384,
      is_moderated: false,
    },
    supported_parameters: [
      'max_tokens',
      'temperature',
      'tools',
      'tool_choice',
      'response_format',
      'structured_outputs',
    ],
    ...rest,
  }
}

export const CATALOG: Catalog = {
  source: 'src/core/lint/__fixtures__/lint.ts',
  pulledAt: '2026-11-20T00:00:00.000Z',
  models: [
    model('google/gemini-2.5-flash', { context_length: 1_048_576, price: ['0.0000003', '0.0000025'] }),
    model('google/gemini-2.0-flash-001', { context_length: 1_048_576, price: ['0.0000001', '0.0000004'] }),
    model('openai/gpt-4.1-mini', { context_length: 1_047_576, price: ['0.0000004', '0.0000016'] }),
    model('openai/gpt-4o', { price: ['0.0000025', '0.00001'] }),
    model('anthropic/claude-sonnet-4.5', { context_length: 1_000_000, price: ['0.000003', '0.000015'] }),
    model('anthropic/claude-opus-4.1', { context_length: 200_000, price: ['0.000015', '0.000075'] }),
    // Claude on an endpoint without structured outputs: response_format is only a hint there.
    model('anthropic/claude-3.5-haiku', {
      context_length: 200_000,
      price: ['0.0000008', '0.000004'],
      supported_parameters: ['max_tokens', 'tools', 'tool_choice', 'response_format'],
    }),
    model('meta-llama/llama-3.3-70b-instruct', {
      context_length: 131_072,
      price: ['0.00000013', '0.0000004'],
      supported_parameters: ['max_tokens', 'temperature', 'tools', 'tool_choice', 'response_format'],
      providers: ['DeepInfra', 'Together', 'Fireworks'],
    }),
    model('meta-llama/llama-3.3-70b-instruct:free', {
      context_length: 65_536,
      price: ['0', '0'],
      supported_parameters: ['max_tokens', 'temperature', 'tools', 'response_format'],
    }),
    model('gryphe/mythomax-l2-13b:free', {
      context_length: 4_096,
      price: ['0', '0'],
      supported_parameters: ['max_tokens', 'temperature', 'top_p', 'stop'],
    }),
    model('mistralai/mistral-small-3.2-24b-instruct', {
      context_length: 32_768,
      price: ['0.00000005', '0.0000001'],
      supported_parameters: ['max_tokens', 'tools', 'response_format'],
    }),
  ],
}

/** The built-in catalog's situation: a small sample, `source: 'built-in'`. */
export const BUILT_IN_SAMPLE: Catalog = { ...CATALOG, source: 'built-in' }

export const MESSAGES: ChatRequest['messages'] = [
  { role: 'system', content: 'Extract the invoice fields.' },
  { role: 'user', content: 'Invoice 2026-117 from ACME, total 1,250.00 EUR, due 2026-12-01.' },
]

export const invoiceSchema = () => ({
  type: 'object',
  properties: {
    number: { type: 'string' },
    total: { type: 'number' },
    currency: { type: 'string', enum: ['EUR', 'USD'] },
  },
  required: ['number', 'total', 'currency'],
  additionalProperties: false,
})

export function request(fields: Partial<ChatRequest> = {}): ChatRequest {
  return { models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini'], messages: MESSAGES, ...fields }
}

/**
 * Lints with the fixture catalog and the 4-characters-a-token counter, so the figures in the sentences
 * do not depend on whether gpt-tokenizer is installed (its own test is in tokens.test.ts).
 */
export function lint(req: ChatRequest, options: LintRequestOptions & { catalog?: Catalog } = {}): LintFinding[] {
  const { catalog = CATALOG, ...rest } = options
  return lintRequest(req, catalog, { tokenCounter: CHARACTER_COUNTER, ...rest })
}

/** Only one rule's findings. */
export function findings(
  rule: string,
  req: ChatRequest,
  options: LintRequestOptions & { catalog?: Catalog } = {},
): LintFinding[] {
  return lint(req, options).filter((f) => f.rule === rule)
}
