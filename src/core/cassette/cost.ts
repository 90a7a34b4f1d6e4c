import type { Catalog, ChatRequest } from '../types.js'
import { findModel, isFreeModel } from '../catalog/lookup.js'
import { estimatePrompt, requestedOutput } from '../tokens/index.js'

/**
 * What `record` would spend, estimated before anything is sent, from the catalog's prices
 * (USD per token, as OpenRouter's model list gives them).
 *
 * Deliberately pessimistic: prompt tokens are the shared estimate of core/tokens (messages, tools and
 * the response schema; o200k when gpt-tokenizer is installed, else 4 characters a token), the one the
 * emulator and lint use, and the completion is charged at its full budget, `max_completion_tokens`
 * (which wins when both are set) or `max_tokens` when the scenario sets one, else
 * {@link DEFAULT_COMPLETION_BUDGET}, capped by the model's maximum output when the catalog knows it.
 */
export const DEFAULT_COMPLETION_BUDGET = 1024

export interface StepCostEstimate {
  model: string
  promptTokens: number
  completionTokens: number
  /** Null when the catalog has no price for the model. */
  usd: number | null
}

export interface CostEstimate {
  /** Sum over the steps with a known price. */
  totalUsd: number
  steps: StepCostEstimate[]
  /** Models the catalog has no price for (their cost is not in the total). */
  unpriced: string[]
}

export function estimatePromptTokens(request: ChatRequest): number {
  return estimatePrompt(request).total
}

export function estimateStepCost(request: ChatRequest, model: string, catalog: Catalog): StepCostEstimate {
  const entry = findModel(catalog, model)
  const promptTokens = estimatePromptTokens(request)
  const asked = requestedOutput(request)?.tokens ?? DEFAULT_COMPLETION_BUDGET
  const cap = entry?.top_provider.max_completion_tokens
  const completionTokens = typeof cap === 'number' && cap > 0 ? Math.min(asked, cap) : asked
  const prompt = price(entry?.pricing.prompt)
  const completion = price(entry?.pricing.completion)
  const perRequest = price(entry?.pricing.request) ?? 0
  const usd = isFreeModel(model)
    ? 0
    : prompt === null || completion === null
      ? null
      : promptTokens * prompt + completionTokens * completion + perRequest
  return { model, promptTokens, completionTokens, usd }
}

export function estimateRecordingCost(
  steps: ReadonlyArray<{ model: string; request: ChatRequest }>,
  catalog: Catalog,
): CostEstimate {
  const estimates = steps.map((s) => estimateStepCost(s.request, s.model, catalog))
  const totalUsd = estimates.reduce((sum, e) => sum + (e.usd ?? 0), 0)
  const unpriced = [...new Set(estimates.filter((e) => e.usd === null).map((e) => e.model))]
  return { totalUsd, steps: estimates, unpriced }
}

/** `$0.0123`, `$0.50`, `$2.50`: up to four decimals below a dollar, two above, `<$0.0001` for crumbs. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0'
  if (usd < 0.0001) return '<$0.0001'
  if (usd >= 1) return `$${usd.toFixed(2)}`
  const trimmed = usd.toFixed(4).replace(/0+$/, '')
  return `$${(trimmed.split('.')[1] ?? '').length < 2 ? usd.toFixed(2) : trimmed}`
}

function price(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN
  // OpenRouter marks a variable price with -1 (openrouter/auto): unknown, not free.
  return Number.isFinite(n) && n >= 0 ? n : null
}
