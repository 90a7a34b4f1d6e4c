import type { ChatRequest, JsonSchema } from '../types.js'

/** The assistant turn of a chat completion, before the router wraps it. */
export interface AnswerMessage {
  content: string | null
  tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>
  refusal: string | null
  finish_reason: 'stop' | 'tool_calls' | 'length' | 'content_filter' | 'error'
  /** What the provider said, before OpenRouter normalised it (e.g. Gemini's "STOP"). */
  native_finish_reason: string
  /** The model's reasoning text, for families that send it in `message.reasoning` (null or absent: none). */
  reasoning?: string | null
}

/** A seeded pseudo-random source: numbers in [0, 1). */
export type Random = () => number

export interface SynthesisInput {
  request: ChatRequest
  model: string
  random: Random
  /** A JSON Schema the client's result should meet: JSON answers also meet it when they can (synthesize.ts). */
  hint?: JsonSchema
}
