import { createParser } from 'eventsource-parser'
import type { ChatCompletion } from './chat-completion.js'
import { RouterError, routerErrorFrom } from './router-error.js'

type ToolCall = NonNullable<ChatCompletion['choices'][number]['message']['tool_calls']>[number]

/**
 * Folds an SSE chat-completion stream (docs/router-behaviour.md §5) into the body a non-streaming request
 * would have returned, the way a plain `chat()` helper does: content and tool-call deltas are joined
 * (tool calls by `index`), keep-alive comments skipped, the usage-only final chunk kept. An error
 * chunk, a choice that finishes with "error", or a stream that ends before the answer finishes throws
 * a RouterError. SSE framing is eventsource-parser's (CRLF, multi-line data, comments, partial lines).
 */
export function completionFromStream(text: string, status: number): ChatCompletion {
  const state = {
    id: '',
    created: 0,
    model: '',
    provider: undefined as string | undefined,
    usage: undefined as Record<string, unknown> | undefined,
  }
  let content: string | null = null
  let refusal: string | null = null
  let finishReason: string | null = null
  let nativeFinishReason: string | null = null
  let chunks = 0
  const toolCalls = new Map<number, ToolCall>()
  const events: string[] = []
  const parser = createParser({ onEvent: (event) => events.push(event.data) })
  parser.feed(text)
  parser.reset({ consume: true })

  for (const data of events) {
    if (data.trim() === '[DONE]') break
    let chunk: Record<string, unknown>
    try {
      chunk = JSON.parse(data) as Record<string, unknown>
    } catch (cause) {
      throw new RouterError({ status, code: null, message: 'the router sent a stream event that is not JSON', cause })
    }
    if (chunk.error) throw routerErrorFrom(status, chunk.error, 'the stream carried an error')
    chunks++
    if (typeof chunk.id === 'string') state.id ||= chunk.id
    if (typeof chunk.created === 'number') state.created ||= chunk.created
    if (typeof chunk.model === 'string') state.model ||= chunk.model
    if (typeof chunk.provider === 'string') state.provider ??= chunk.provider
    if (isRecord(chunk.usage)) state.usage = chunk.usage
    const choice = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined
    if (!isRecord(choice)) continue
    const delta = isRecord(choice.delta) ? choice.delta : {}
    if (typeof delta.content === 'string') content = (content ?? '') + delta.content
    if (typeof delta.refusal === 'string') refusal = (refusal ?? '') + delta.refusal
    if (Array.isArray(delta.tool_calls)) for (const fragment of delta.tool_calls) mergeToolCall(toolCalls, fragment)
    if (typeof choice.native_finish_reason === 'string') nativeFinishReason = choice.native_finish_reason
    if (typeof choice.finish_reason === 'string') {
      finishReason = choice.finish_reason
      if (finishReason === 'error') {
        throw routerErrorFrom(
          status,
          choice.error,
          `the provider stopped with finish_reason "error"${nativeFinishReason ? ` (${nativeFinishReason})` : ''}`,
        )
      }
    }
  }
  if (chunks === 0)
    throw new RouterError({ status, code: null, message: 'the stream ended without a single answer chunk' })
  if (finishReason === null)
    throw new RouterError({
      status,
      code: null,
      message: 'the stream ended before the answer finished (no finish_reason)',
    })

  const message: ChatCompletion['choices'][number]['message'] = { role: 'assistant', content, refusal }
  if (toolCalls.size > 0)
    message.tool_calls = [...toolCalls.entries()].sort((a, b) => a[0] - b[0]).map(([, call]) => call)
  return {
    id: state.id,
    object: 'chat.completion',
    created: state.created,
    model: state.model,
    ...(state.provider !== undefined ? { provider: state.provider } : {}),
    choices: [{ index: 0, finish_reason: finishReason, native_finish_reason: nativeFinishReason, message }],
    ...(state.usage ? { usage: state.usage } : {}),
  }
}

/** The first fragment of a call carries `id` and `name`; later ones append to `arguments`. */
function mergeToolCall(calls: Map<number, ToolCall>, fragment: unknown): void {
  if (!isRecord(fragment)) return
  const index = typeof fragment.index === 'number' ? fragment.index : calls.size
  const call = calls.get(index) ?? { id: '', type: 'function' as const, function: { name: '', arguments: '' } }
  if (typeof fragment.id === 'string') call.id ||= fragment.id
  const fn = isRecord(fragment.function) ? fragment.function : {}
  if (typeof fn.name === 'string') call.function.name ||= fn.name
  if (typeof fn.arguments === 'string') call.function.arguments += fn.arguments
  calls.set(index, call)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
