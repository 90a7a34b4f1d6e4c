import type { ChatRequest } from '../types.js'

/**
 * The one token estimate of a request, shared by everything that compares a prompt with a window or
 * a price: the emulator's natural context-length 400 and its message figures, usage `prompt_tokens`,
 * lint's `context-window` (and `cost-blast-radius`), and `cassette/cost.ts`.
 *
 * Two counters, because an exact count is rarely needed and costly to start:
 * - Figures (usage `prompt_tokens`, costs, `cost-blast-radius`) are estimated at 4 characters a token
 *   (`CHARACTER_COUNTER`): cheap, and the real provider's tokenizer differs from any of ours anyway.
 * - Window decisions (the emulator's context-length fault, lint's `context-window`) must be right, so
 *   they go through `promptAgainstWindow`: first a bound that cannot undercount (a BPE token is at
 *   least one byte of UTF-8, so the o200k count of a text is at most its UTF-8 length); only when the
 *   bound does not prove that the request fits is the text counted with gpt-tokenizer's o200k_base
 *   encoding (GPT-4o / GPT-4.1 / o-series). That tokenizer takes 0.15-0.35 s to load, so it is loaded
 *   on demand (`loadExactCounter`), by the async entry points (the emulator's `handle`, the runner
 *   before it lints or builds a matrix) through `prepareWindowCount`, only for a request whose bound
 *   reaches a window. A window of 128k tokens needs a prompt of about 100 kB before that happens.
 *
 * "lint warns" and "the emulator fails the step" cannot disagree: both decide with the same bound
 * and the same exact count. Sentences that quote a figure say which counter made it (`describe`).
 * Measured (2 cores, Node 24): o200k counts 92 kB of English prose in 6 ms, 1 MB in 38 ms. Other
 * families tokenize differently (Claude and Llama often count 10–20 % more for English), so the
 * figures are estimates. Only text is counted: image and audio parts are not.
 *
 * Pure: no `node:*`; the tokenizer is plain JavaScript, imported by name when first needed.
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

/**
 * An upper bound of any byte-level BPE count (o200k, cl100k): the UTF-8 length of the text, computed
 * without encoding it. A lone surrogate counts 3, as the encoder replaces it with U+FFFD.
 */
export const BYTE_BOUND_COUNTER: TokenCounter = {
  describe: 'bounded at one token a UTF-8 byte',
  count: utf8Length,
}

function utf8Length(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}

// A variable specifier keeps the import optional for the type checker and at run time: everything
// still works (with the character estimate) where the package is missing.
const TOKENIZER_MODULE = 'gpt-tokenizer/encoding/o200k_base'
type CountTokens = (text: string, options: { disallowedSpecial: Set<string> }) => number
// Special tokens in user text (`<|endoftext|>`) count as plain text instead of throwing.
const NO_SPECIAL = { disallowedSpecial: new Set<string>() }

let exact: TokenCounter | undefined
let loading: Promise<TokenCounter | undefined> | undefined

/**
 * Loads the o200k tokenizer once (later calls share the first load); undefined where gpt-tokenizer
 * is not installed, and window decisions then use 4 characters a token and say so.
 */
export function loadExactCounter(): Promise<TokenCounter | undefined> {
  loading ??= import(TOKENIZER_MODULE).then(
    (m: { countTokens: CountTokens }) =>
      (exact = {
        describe: 'estimated with the o200k tokenizer',
        count: (text) => {
          let tokens = 0
          for (const piece of pieces(text)) tokens += m.countTokens(piece, NO_SPECIAL)
          return tokens
        },
      }),
    () => undefined,
  )
  return loading
}

/** The longest text handed to the tokenizer at once. */
const PIECE_CHARS = 2048
const LETTER = /\p{L}/u

/**
 * The text in pieces of at most PIECE_CHARS, each cut before a space followed by a letter where the
 * window has one: o200k's pre-tokenizer starts a word there, so the count stays exact.
 * Why: BPE on one word costs the square of its length (100k characters without a space took 3 s, a
 * 3 MB one over a minute, a lint that never ended), and a hard cut every 2048 characters of such a run
 * keeps it linear at the price of at most one token per cut.
 */
function* pieces(text: string): Generator<string> {
  let start = 0
  while (text.length - start > PIECE_CHARS) {
    let end = start + PIECE_CHARS
    // The last space before a letter: o200k starts a word there (` word`), and no piece spans it.
    let cut = end
    while (cut > start + 1 && !(text[cut - 1] === ' ' && LETTER.test(text[cut] ?? ''))) cut--
    if (cut > start + 1) end = cut - 1
    // Else a hard cut, never between the halves of a surrogate pair.
    else if ((text.charCodeAt(end) & 0xfc00) === 0xdc00) end--
    yield text.slice(start, end)
    start = end
  }
  if (start < text.length) yield text.slice(start)
}

/** The o200k counter if `loadExactCounter` has finished, else undefined. */
export function loadedExactCounter(): TokenCounter | undefined {
  return exact
}

/** Lint warns from this share of a window on: `prepareWindowCount` loads the tokenizer from there. */
export const NEAR_WINDOW = 0.9

/**
 * Whether the prompt plus `output` tokens may exceed `limit` tokens: false is a proof that it does
 * not (the UTF-8 bound fits); true means only an exact count can tell.
 */
export function mayExceed(request: ChatRequest, limit: number, output = 0): boolean {
  return estimatePrompt(request, BYTE_BOUND_COUNTER).total + output > limit
}

/**
 * The prompt to compare with a window of `limit` tokens (with `output` reserved on top): undefined
 * when the bound proves the request fits, else the count and the counter that made it (o200k when
 * loaded, else 4 characters a token).
 */
export function promptAgainstWindow(
  request: ChatRequest,
  limit: number,
  output = 0,
): { estimate: PromptEstimate; counter: TokenCounter } | undefined {
  if (!mayExceed(request, limit, output)) return undefined
  const counter = exact ?? CHARACTER_COUNTER
  return { estimate: estimatePrompt(request, counter), counter }
}

/** What a request needs of a context window: its prompt, the output it reserves, and their sum. */
export interface WindowNeed {
  estimate: PromptEstimate
  counter: TokenCounter
  output: RequestedOutput | undefined
  total: number
}

/**
 * The one context-window rule (docs/router-behaviour.md §4.3, §8.1): the prompt plus the output the
 * request reserves (`max_completion_tokens`, else `max_tokens`, else nothing) against a window; the
 * router fails the step with a 400 when `total` exceeds it. Undefined when the UTF-8 bound proves the
 * request needs no more than `limit` tokens (lint passes 90 % of the smallest window to warn early;
 * the emulator the window itself).
 */
export function windowNeed(request: ChatRequest, limit: number): WindowNeed | undefined {
  const output = requestedOutput(request)
  const counted = promptAgainstWindow(request, limit, output?.tokens ?? 0)
  return counted && { ...counted, output, total: counted.estimate.total + (output?.tokens ?? 0) }
}

/**
 * Loads the exact tokenizer when this request may come near the smallest of `windows` (lint's
 * warning threshold included): what an async entry point awaits before sync code decides against a
 * window. Resolves at once for the usual small prompt.
 */
export async function prepareWindowCount(
  request: ChatRequest,
  windows: ReadonlyArray<number | null | undefined>,
): Promise<void> {
  if (exact !== undefined) return
  let smallest = Infinity
  for (const window of windows) if (typeof window === 'number' && window > 0 && window < smallest) smallest = window
  if (smallest === Infinity) return
  if (mayExceed(request, smallest * NEAR_WINDOW, requestedOutput(request)?.tokens ?? 0)) await loadExactCounter()
}

/** Per-message framing in the chat format (role, separators), as OpenAI's token-counting guide counts it. */
const PER_MESSAGE = 4
/** The tokens that prime the reply (`<|start|>assistant<|message|>`). */
const REPLY_PRIMING = 3

export interface PromptEstimate {
  /** Text of the messages (names and tool calls included), with per-message framing and the reply priming. */
  messages: number
  /** The `tools` definitions, as the JSON the provider receives. */
  tools: number
  /** The response_format schema, which providers also put into the prompt. */
  responseFormat: number
  total: number
}

/**
 * The prompt tokens of a request: messages, tools and the response_format schema.
 *
 * Cached twice, because the emulator asks on its hot path (every step of every case, then usage):
 * per messages array for the same tools and schema objects (one request, its steps and its pinned
 * step bodies), then by the text that is counted (each message's text, name and tool-call JSON, the
 * tools JSON, the schema JSON) in a bounded map of 256 entries per counter, so the repeated cases of
 * one scenario, each a freshly parsed body, tokenize once. The cache assumes a request is not mutated
 * after it was estimated. The 4-characters counter and the byte bound are not cached: counting is
 * cheaper than a key.
 *
 * @example
 * estimatePrompt({ messages: [{ role: 'user', content: 'Hello' }] }, CHARACTER_COUNTER)
 * // { messages: 9, tools: 0, responseFormat: 0, total: 9 }   (2 of text + 4 framing + 3 priming)
 */
export function estimatePrompt(request: ChatRequest, counter: TokenCounter = CHARACTER_COUNTER): PromptEstimate {
  const messages: unknown = request.messages
  const tools: unknown = request.tools
  const format: unknown = request.response_format
  const memoKey = typeof messages === 'object' && messages !== null ? messages : undefined
  if (memoKey !== undefined) {
    const memo = memos.get(memoKey)
    if (memo !== undefined && memo.counter === counter && memo.tools === tools && memo.format === format)
      return memo.estimate
  }
  const estimate =
    counter === CHARACTER_COUNTER || counter === BYTE_BOUND_COUNTER
      ? compute(request, counter)
      : cached(request, counter)
  if (memoKey !== undefined) memos.set(memoKey, { counter, tools, format, estimate })
  return estimate
}

/**
 * The output the request reserves, and the field it came from. When both are sent,
 * `max_completion_tokens` wins: OpenRouter marks `max_tokens` deprecated in favour of it (docs/router-behaviour.md
 * §1.5, `OAS#ChatRequest`), which is our reading of the router's precedence; no live capture of a request
 * sending both is known. A field that is not a positive finite number counts as not sent.
 */
export function requestedOutput(request: ChatRequest): RequestedOutput | undefined {
  for (const field of OUTPUT_FIELDS) {
    const tokens = request[field]
    if (typeof tokens === 'number' && Number.isFinite(tokens) && tokens > 0) return { tokens, field }
  }
  return undefined
}

export type OutputField = 'max_completion_tokens' | 'max_tokens'
export interface RequestedOutput {
  tokens: number
  field: OutputField
}

/** In order of precedence. */
const OUTPUT_FIELDS: readonly OutputField[] = ['max_completion_tokens', 'max_tokens']

interface Memo {
  counter: TokenCounter
  tools: unknown
  format: unknown
  estimate: PromptEstimate
}
const memos = new WeakMap<object, Memo>()

/** Entries kept per counter, and the characters of their keys (a 500 kB prompt is a 500 kB key). */
const CACHE_ENTRIES = 256
const CACHE_KEY_CHARS = 8_000_000

interface TextCache {
  entries: Map<string, PromptEstimate>
  chars: number
}
const textCaches = new WeakMap<TokenCounter, TextCache>()

/** The texts a count depends on, nothing else: each message's text, name and tool calls (JSON), the tools and the schema (JSON). */
interface CountedTexts {
  messages: Array<{ text: string; name: string | undefined; calls: string | undefined }>
  tools: string
  schema: string
}

function cached(request: ChatRequest, counter: TokenCounter): PromptEstimate {
  const texts = countedTexts(request)
  const key = keyOf(texts)
  let cache = textCaches.get(counter)
  if (cache === undefined) textCaches.set(counter, (cache = { entries: new Map(), chars: 0 }))
  const hit = cache.entries.get(key)
  if (hit !== undefined) {
    // Least recently used goes first: a hit moves to the back.
    cache.entries.delete(key)
    cache.entries.set(key, hit)
    return hit
  }
  const estimate = countTexts(texts, counter)
  if (key.length <= CACHE_KEY_CHARS) {
    for (const [oldest] of cache.entries) {
      if (cache.entries.size < CACHE_ENTRIES && cache.chars + key.length <= CACHE_KEY_CHARS) break
      cache.entries.delete(oldest)
      cache.chars -= oldest.length
    }
    cache.entries.set(key, estimate)
    cache.chars += key.length
  }
  return estimate
}

function compute(request: ChatRequest, counter: TokenCounter): PromptEstimate {
  return countTexts(countedTexts(request), counter)
}

function countedTexts(request: ChatRequest): CountedTexts {
  const messages: CountedTexts['messages'] = []
  for (const message of Array.isArray(request.messages) ? request.messages : []) {
    messages.push({
      text: textOf(message?.content),
      name: typeof message?.name === 'string' ? message.name : undefined,
      calls: message?.tool_calls !== undefined ? (JSON.stringify(message.tool_calls) ?? '') : undefined,
    })
  }
  const tools = Array.isArray(request.tools) && request.tools.length > 0 ? JSON.stringify(request.tools) : ''
  const format = request.response_format
  const schema = format && format.type === 'json_schema' ? (JSON.stringify(format.json_schema) ?? '') : ''
  return { messages, tools, schema }
}

function countTexts(
  { messages: texts, tools: toolsText, schema }: CountedTexts,
  counter: TokenCounter,
): PromptEstimate {
  let messages = 0
  for (const { text, name, calls } of texts) {
    messages += PER_MESSAGE + counter.count(text)
    if (name !== undefined) messages += counter.count(name)
    if (calls !== undefined) messages += counter.count(calls)
  }
  if (messages > 0) messages += REPLY_PRIMING
  const tools = toolsText === '' ? 0 : counter.count(toolsText)
  const responseFormat = schema === '' ? 0 : counter.count(schema)
  return { messages, tools, responseFormat, total: messages + tools + responseFormat }
}

/**
 * The counted texts as one string, each piece prefixed by its length (so no two different inputs share
 * a key). Cheaper than the request's JSON: a long message is appended as it is, not escaped.
 */
function keyOf({ messages, tools, schema }: CountedTexts): string {
  let key = `${messages.length}`
  for (const { text, name, calls } of messages) {
    key += `|${text.length}:${text}`
    key += name === undefined ? '-' : `${name.length}:${name}`
    key += calls === undefined ? '-' : `${calls.length}:${calls}`
  }
  return `${key}|${tools.length}:${tools}${schema.length}:${schema}`
}

/** The text of a message's content: a string, or the text parts of a multi-part content (images skipped). */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return content == null ? '' : (JSON.stringify(content) ?? '')
  let text = ''
  for (const part of content) {
    if (typeof part === 'string') text += part
    else if (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string')
      text += (part as { text: string }).text
  }
  return text
}
