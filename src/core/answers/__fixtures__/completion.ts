import type { AnswerMessage } from '../types.js'

/** Wraps an answer the way the router does (docs/router-behaviour.md §3), for tests that judge a whole body. */
export function completionOf(answer: AnswerMessage, model = 'openai/gpt-4.1-mini'): Record<string, unknown> {
  const { finish_reason, native_finish_reason, ...message } = answer
  return {
    id: 'gen-1764000000-abcdefghijklmnopqrst',
    object: 'chat.completion',
    created: 1_764_000_000,
    model,
    provider: 'OpenAI',
    system_fingerprint: null,
    choices: [
      {
        index: 0,
        logprobs: null,
        finish_reason,
        native_finish_reason,
        message: { role: 'assistant', ...message, reasoning: null },
      },
    ],
    usage: { prompt_tokens: 20, completion_tokens: 30, total_tokens: 50, cost: 0.0001 },
  }
}
