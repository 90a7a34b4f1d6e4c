import type { ChatRequest } from '../types.js'

/**
 * Token estimates. Real counts come from each model's own tokenizer; a chars/4 estimate is within
 * the precision a context-window check or a cost budget needs, and costs microseconds. Kept in one
 * place so lint and the emulator estimate the same way.
 */

const CHARS_PER_TOKEN = 4

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN)
}

export interface PromptEstimate {
  /** Tokens of the messages. */
  text: number
  /** Tokens of the tool definitions (the router's message counts them apart: "… of tool input"). */
  tool: number
}

// The router checks every step against the same prompt; estimate it once per request object.
const estimates = new WeakMap<ChatRequest, PromptEstimate>()

export function estimatePrompt(request: ChatRequest): PromptEstimate {
  let estimate = estimates.get(request)
  if (estimate === undefined) {
    estimate = computePrompt(request)
    estimates.set(request, estimate)
  }
  return estimate
}

function computePrompt(request: ChatRequest): PromptEstimate {
  let chars = 0
  const messages = Array.isArray(request.messages) ? request.messages : []
  for (const message of messages) {
    // A few tokens of framing per message (role markers), as chat templates add.
    chars += 16 + contentChars(message?.content)
    if (message?.tool_calls !== undefined) chars += jsonChars(message.tool_calls)
  }
  if (request.response_format?.type === 'json_schema') chars += jsonChars(request.response_format.json_schema)
  const tools = Array.isArray(request.tools) && request.tools.length > 0 ? Math.ceil(jsonChars(request.tools) / CHARS_PER_TOKEN) : 0
  return { text: Math.ceil(chars / CHARS_PER_TOKEN), tool: tools }
}

/** Output tokens the request reserves: `max_tokens`, else `max_completion_tokens`, else none. */
export function requestedOutputTokens(request: ChatRequest): number {
  const wanted = request.max_tokens ?? request.max_completion_tokens
  return typeof wanted === 'number' && Number.isFinite(wanted) && wanted > 0 ? wanted : 0
}

function contentChars(content: unknown): number {
  if (typeof content === 'string') return content.length
  if (Array.isArray(content)) {
    let chars = 0
    for (const part of content) {
      const text = (part as { text?: unknown } | null)?.text
      chars += typeof text === 'string' ? text.length : jsonChars(part)
    }
    return chars
  }
  return content === undefined || content === null ? 0 : jsonChars(content)
}

function jsonChars(value: unknown): number {
  return JSON.stringify(value)?.length ?? 0
}
