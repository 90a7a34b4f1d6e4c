import { describe, expect, it } from 'vitest'
import { DEFAULT_COMPLETION_BUDGET, estimateRecordingCost, formatUsd } from './cost.js'
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
  models: [model('a/cheap', '0.000001', '0.000002'), model('b/dear', '0.00001', '0.00003', 100), model('c/auto', '-1', '-1')],
}

const request: ChatRequest = { messages: [{ role: 'user', content: 'x'.repeat(390) }], max_tokens: 500 }

describe('estimateRecordingCost', () => {
  it('charges the prompt estimate and the full completion budget at catalog prices', () => {
    const estimate = estimateRecordingCost([{ model: 'a/cheap', request }], catalog)
    const step = estimate.steps[0]!
    expect(step.completionTokens).toBe(500)
    expect(step.promptTokens).toBeGreaterThanOrEqual(100)
    expect(step.usd).toBeCloseTo(step.promptTokens * 0.000001 + 500 * 0.000002)
    expect(estimate.totalUsd).toBe(step.usd)
  })

  it("caps the completion at the model's maximum output and defaults it when the request sets none", () => {
    const { messages } = request
    const estimate = estimateRecordingCost([{ model: 'b/dear', request }, { model: 'a/cheap', request: { messages } }], catalog)
    expect(estimate.steps.map((s) => s.completionTokens)).toEqual([100, DEFAULT_COMPLETION_BUDGET])
  })

  it('lists models without a price instead of counting them as free', () => {
    const estimate = estimateRecordingCost([{ model: 'c/auto', request }, { model: 'z/unknown', request }], catalog)
    expect(estimate.unpriced).toEqual(['c/auto', 'z/unknown'])
    expect(estimate.totalUsd).toBe(0)
  })
})

describe('formatUsd', () => {
  it('prints up to four decimals below a dollar, two above, and crumbs as an upper bound', () => {
    expect([0.01234, 0.5, 0.125, 2.5, 0.00001, 0].map(formatUsd)).toEqual(['$0.0123', '$0.50', '$0.125', '$2.50', '<$0.0001', '$0'])
  })
})
