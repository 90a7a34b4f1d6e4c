import type { AnswerMessage } from '../answers/types.js'
import { pricingAt } from '../catalog/endpoints.js'
import { isFreeModel } from '../catalog/lookup.js'
import type { CatalogModel, ChatRequest } from '../types.js'
import type { RouterError } from './http.js'
import { estimatePrompt } from '../tokens/index.js'
import { estimateTokens } from './tokens.js'

/**
 * The non-streaming success body (docs/router-behaviour.md §3), built from an answer: key order, nulls and
 * usage fields as the live router sends them.
 */

export interface Usage {
  prompt_tokens: number
  completion_tokens: number
  total_tokens: number
  cost: number
  is_byok: false
  prompt_tokens_details: {
    cached_tokens: number
    cache_write_tokens: number
    audio_tokens: number
    video_tokens: number
  }
  cost_details: {
    upstream_inference_cost: number
    upstream_inference_prompt_cost: number
    upstream_inference_completions_cost: number
  }
  completion_tokens_details: { reasoning_tokens: number; image_tokens: number; audio_tokens: number }
}

export interface CompletionInput {
  id: string
  created: number
  /** The model the body names: the served step's id (or a cassette's dated slug). */
  model: string
  /** Display name of the provider that served. */
  provider: string
  answer: AnswerMessage
  usage: Usage | Record<string, unknown>
  /** A choice-level error (docs/router-behaviour.md §4.6, form 2). */
  choiceError?: RouterError
}

export function completionBody(input: CompletionInput): Record<string, unknown> {
  const { answer } = input
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: answer.content,
    refusal: answer.refusal,
    reasoning: answer.reasoning ?? null,
  }
  if (answer.tool_calls !== undefined && answer.tool_calls.length > 0) message.tool_calls = answer.tool_calls
  const choice: Record<string, unknown> = {
    index: 0,
    logprobs: null,
    finish_reason: answer.finish_reason,
    native_finish_reason: answer.native_finish_reason,
    message,
  }
  if (input.choiceError !== undefined) choice.error = input.choiceError
  return {
    id: input.id,
    object: 'chat.completion',
    created: input.created,
    model: input.model,
    provider: input.provider,
    system_fingerprint: null,
    choices: [choice],
    usage: input.usage,
  }
}

/**
 * Token counts (estimated: the prompt by the shared estimator of core/tokens, the answer at 4
 * characters a token, tokens.ts) and the cost at the catalog prices of the endpoint that served (its own
 * pricing if stated, else the model's; core/catalog/endpoints.ts), the way the router bills: the model that served, `:free` at 0 (docs/router-behaviour.md §2.1), and nothing for an error
 * that produced no output ("zero completion insurance", D-ZCI).
 */
export function usageFor(
  request: ChatRequest,
  answer: AnswerMessage,
  model: CatalogModel,
  servedId: string,
  provider: string,
): Usage {
  const promptTokens = estimatePrompt(request).total
  const completionTokens = answerTokens(answer)
  const free = isFreeModel(servedId) || (answer.finish_reason === 'error' && completionTokens === 0)
  const pricing = pricingAt(model, provider)
  const promptCost = free ? 0 : roundUsd(promptTokens * price(pricing.prompt))
  const completionCost = free ? 0 : roundUsd(completionTokens * price(pricing.completion))
  const requestCost = free ? 0 : price(pricing.request)
  const cost = roundUsd(promptCost + completionCost + requestCost)
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    cost,
    is_byok: false,
    prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0, audio_tokens: 0, video_tokens: 0 },
    cost_details: {
      upstream_inference_cost: cost,
      upstream_inference_prompt_cost: promptCost,
      upstream_inference_completions_cost: completionCost,
    },
    completion_tokens_details: { reasoning_tokens: 0, image_tokens: 0, audio_tokens: 0 },
  }
}

function answerTokens(answer: AnswerMessage): number {
  let tokens = 0
  if (typeof answer.content === 'string') tokens += estimateTokens(answer.content)
  if (typeof answer.refusal === 'string') tokens += estimateTokens(answer.refusal)
  for (const call of answer.tool_calls ?? [])
    tokens += estimateTokens(call.function.name) + estimateTokens(call.function.arguments)
  return tokens
}

/** Catalog prices are strings of USD per token; a missing or odd one (`"-1"` for routers) bills 0. */
function price(value: unknown): number {
  const n = typeof value === 'string' || typeof value === 'number' ? Number(value) : 0
  return Number.isFinite(n) && n > 0 ? n : 0
}

/** Twelve decimals: below a billionth of a cent, where float noise (0.1 + 0.2) would start to show. */
function roundUsd(usd: number): number {
  return Math.round(usd * 1e12) / 1e12
}
