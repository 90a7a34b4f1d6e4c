import { familyOf, type Family } from '../catalog/families.js'
import type { AnswerMessage } from './types.js'

type FinishReason = AnswerMessage['finish_reason']

/**
 * `native_finish_reason` is what the provider said before OpenRouter normalised it (docs/router-behaviour.md §3):
 * Gemini says "STOP" (also for tool turns) and "MAX_TOKENS"; Claude says "end_turn", "tool_use" and
 * "max_tokens"; OpenAI-style providers say the normalised value itself. Apps that read the native
 * value see what the real provider family would send.
 */
const OPENAI_STYLE: Record<FinishReason, string> = {
  stop: 'stop',
  tool_calls: 'tool_calls',
  length: 'length',
  content_filter: 'content_filter',
  error: 'error',
}
const NATIVE: Record<Family, Record<FinishReason, string>> = {
  google: { stop: 'STOP', tool_calls: 'STOP', length: 'MAX_TOKENS', content_filter: 'SAFETY', error: 'OTHER' },
  anthropic: {
    stop: 'end_turn',
    tool_calls: 'tool_use',
    length: 'max_tokens',
    content_filter: 'refusal',
    error: 'error',
  },
  openai: OPENAI_STYLE,
  'open-weight': OPENAI_STYLE,
  other: OPENAI_STYLE,
}

export function nativeFinishReason(model: string, reason: FinishReason): string {
  return NATIVE[familyOf(model)][reason]
}

/**
 * The family an answer came from when only the answer is at hand (a quirk applied to a cassette or a
 * synthesized answer): its native finish reason gives it away.
 */
export function familyOfAnswer(answer: Pick<AnswerMessage, 'native_finish_reason'>): Family {
  const generic = Object.values(NATIVE.other)
  for (const family of ['google', 'anthropic'] as const) {
    const own = Object.values(NATIVE[family]).filter((value) => !generic.includes(value))
    if (own.includes(answer.native_finish_reason)) return family
  }
  return 'other'
}

export function nativeFinishReasonFor(family: Family, reason: FinishReason): string {
  return NATIVE[family][reason]
}
