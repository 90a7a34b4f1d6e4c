import type { ChatRequest } from '../types.js'

/**
 * Prompt size estimates for the context-window and cost rules.
 *
 * The default counter is gpt-tokenizer's o200k_base encoding (GPT-4o / GPT-4.1 / o-series), a pure
 * JavaScript BPE. Measured on the CI machine size (2 cores, Node 24): about 155 ms to load once; then
 * 92 kB of English prose in 6 ms, 1 MB in 38 ms, and 23 kB of JSON with non-ASCII text in 14 ms (the slow
 * end, ~1.6 MB/s). A whole lint of a small request takes about 0.05 ms. Other families tokenize
 * differently (Claude and Llama often count 10–20 % more for English), so the figures are estimates and
 * each sentence that uses them says how they were made.
 * When gpt-tokenizer is not installed the counter falls back to 4 characters a token and says so.
 * Only text is counted: image and audio parts are not.
 */
export interface TokenCounter {
  /** How sentences say the figure was made: `estimated with the o200k tokenizer`. */
  describe: string
  count(text: string): number
}

/** About 4 characters a token: the usual rule of thumb for English with BPE tokenizers. */
export const CHARACTER_COUNTER: TokenCounter = {
  describe: 'estimated at 4 characters a token',
  count: (text) => Math.ceil(text.length / 4),
}

// A variable specifier keeps the import optional for the type checker and at run time: lint still
// works (with the character estimate) where the package is missing.
const TOKENIZER_MODULE = 'gpt-tokenizer/encoding/o200k_base'
type CountTokens = (text: string, options: { disallowedSpecial: Set<string> }) => number
const o200k = await import(TOKENIZER_MODULE).then(
  (m: { countTokens: CountTokens }) => m.countTokens,
  () => undefined,
)

export const O200K_COUNTER: TokenCounter | undefined = o200k && {
  describe: 'estimated with the o200k tokenizer',
  // Special tokens in user text (`<|endoftext|>`) count as plain text instead of throwing.
  count: (text) => (text === '' ? 0 : o200k(text, { disallowedSpecial: new Set() })),
}

export const DEFAULT_TOKEN_COUNTER: TokenCounter = O200K_COUNTER ?? CHARACTER_COUNTER

/** Per-message framing in the chat format (role, separators), as OpenAI's token-counting guide counts it. */
const PER_MESSAGE = 4
/** The tokens that prime the reply (`<|start|>assistant<|message|>`). */
const REPLY_PRIMING = 3

export interface PromptEstimate {
  /** Text of the messages, with per-message framing. */
  messages: number
  /** The `tools` definitions, as the JSON the provider receives. */
  tools: number
  /** The response_format schema, which providers also put into the prompt. */
  responseFormat: number
  total: number
}

const cache = new WeakMap<ChatRequest, Map<TokenCounter, PromptEstimate>>()

export function estimatePrompt(request: ChatRequest, counter: TokenCounter = DEFAULT_TOKEN_COUNTER): PromptEstimate {
  let byCounter = cache.get(request)
  if (!byCounter) cache.set(request, (byCounter = new Map()))
  const cached = byCounter.get(counter)
  if (cached) return cached
  const count = (text: string) => counter.count(text)
  let messages = 0
  for (const message of Array.isArray(request.messages) ? request.messages : []) {
    messages += PER_MESSAGE + count(textOf(message.content))
    if (typeof message.name === 'string') messages += count(message.name)
    if (message.tool_calls !== undefined) messages += count(JSON.stringify(message.tool_calls))
  }
  if (messages > 0) messages += REPLY_PRIMING
  const tools = Array.isArray(request.tools) && request.tools.length > 0 ? count(JSON.stringify(request.tools)) : 0
  const format = request.response_format
  const responseFormat = format && format.type === 'json_schema' ? count(JSON.stringify(format.json_schema)) : 0
  const estimate = { messages, tools, responseFormat, total: messages + tools + responseFormat }
  byCounter.set(counter, estimate)
  return estimate
}

/** The output budget the request asks for: `max_completion_tokens`, else `max_tokens`, else undefined. */
export function requestedOutput(request: ChatRequest): { tokens: number; field: 'max_completion_tokens' | 'max_tokens' } | undefined {
  if (typeof request.max_completion_tokens === 'number') return { tokens: request.max_completion_tokens, field: 'max_completion_tokens' }
  if (typeof request.max_tokens === 'number') return { tokens: request.max_tokens, field: 'max_tokens' }
  return undefined
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return content == null ? '' : JSON.stringify(content)
  let text = ''
  for (const part of content) {
    if (typeof part === 'string') text += part
    else if (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string') text += (part as { text: string }).text
  }
  return text
}
