import { CHARACTER_COUNTER, type PromptEstimate } from '../tokens/index.js'

/**
 * The emulator's token figures. The prompt comes from the shared estimator (core/tokens), the one
 * lint and `cassette/cost.ts` use: usage at 4 characters a token; the context-length check through
 * `windowNeed` (a UTF-8 bound, then the o200k count that `handle` loads when a prompt
 * comes near a window), exactly as lint's `context-window` decides.
 */

/**
 * The prompt as the router's context message splits it: "… of text input, … of tool input"
 * (docs/router-behaviour.md §4.3). Text is the messages plus the response_format schema; tool input is the tools.
 */
export interface RouterPrompt {
  text: number
  tool: number
}

export function routerPrompt(estimate: PromptEstimate): RouterPrompt {
  return { text: estimate.messages + estimate.responseFormat, tool: estimate.tools }
}

/**
 * Tokens of an answer, for usage `completion_tokens`: 4 characters a token. Answers differ from case to
 * case (the seed picks them), so a tokenizer count could not be cached and would cost about 6 µs an
 * answer on the hot path; nothing compares them with a window.
 */
export function estimateTokens(text: string): number {
  return CHARACTER_COUNTER.count(text)
}
