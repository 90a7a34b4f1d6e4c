import { describe, expect, it } from 'vitest'
import { DEFAULT_COMPLETION_BUDGET, estimateRecordingCost, formatUsd } from './cost.js'
import { estimatePrompt } from '../tokens/index.js'
import type { Catalog, CatalogModel, ChatRequest } from '../types.js'

const model = (id: string, prompt: string, completion: string, maxOut: number | null = null): CatalogModel => ({
  id,
  context_length: 128_000,
  pricing: { prompt, completion },
  top_provider: { is_moderated: false, max_completion_tokens: maxOut },
  supported_parameters: ['tools'],
})

const catalog: Catalog = {
  source: 'test',
  models: [
    model('a/cheap', '0.000001', '0.000002'),
    model('b/dear', '0.00001', '0.00003', 100),
    model('c/auto', '-1', '-1'),
  ],
}

const request: ChatRequest = { messages: [{ role: 'user', content: 'x'.repeat(390) }], max_tokens: 500 }

describe('estimateRecordingCost', () => {
  it('charges the shared prompt estimate and the full completion budget at catalog prices', () => {
    const estimate = estimateRecordingCost([{ model: 'a/cheap', request }], catalog)
    const step = estimate.steps[0]!
    expect(step.completionTokens).toBe(500)
    // The estimate lint and the emulator use (o200k, or 4 characters a token without gpt-tokenizer).
    expect(step.promptTokens).toBe(estimatePrompt(request).total)
    expect(step.promptTokens).toBeGreaterThan(7)
    expect(step.usd).toBeCloseTo(step.promptTokens * 0.000001 + 500 * 0.000002)
    expect(estimate.totalUsd).toBe(step.usd)
  })

  it("caps the completion at the model's maximum output and defaults it when the request sets none", () => {
    const { messages } = request
    const estimate = estimateRecordingCost(
      [
        { model: 'b/dear', request },
        { model: 'a/cheap', request: { messages } },
      ],
      catalog,
    )
    expect(estimate.steps.map((s) => s.completionTokens)).toEqual([100, DEFAULT_COMPLETION_BUDGET])
  })

  it('charges max_completion_tokens, not max_tokens, when the request sets both', () => {
    const both = { ...request, max_tokens: 500, max_completion_tokens: 60 }
    expect(estimateRecordingCost([{ model: 'a/cheap', request: both }], catalog).steps[0]?.completionTokens).toBe(60)
  })

  it('lists models without a price instead of counting them as free', () => {
    const estimate = estimateRecordingCost(
      [
        { model: 'c/auto', request },
        { model: 'z/unknown', request },
      ],
      catalog,
    )
    expect(estimate.unpriced).toEqual(['c/auto', 'z/unknown'])
    expect(estimate.totalUsd).toBe(0)
  })
})

describe('formatUsd', () => {
  it('prints up to four decimals below a dollar, two above, and crumbs as an upper bound', () => {
    expect([0.01234, 0.5, 0.125, 2.5, 0.00001, 0].map(formatUsd)).toEqual([
      '$0.0123',
      '$0.50',
      '$0.125',
      '$2.50',
      '<$0.0001',
      '$0',
    ])
  })
})
