import type { CompletionInput } from './completion.js'
import type { ErrorEnvelope, RouterError } from './http.js'

/**
 * A completion as the router streams it (`stream: true`, docs/router-behaviour.md §5): a keep-alive comment,
 * a first chunk with the role, content in pieces, tool calls as deltas merged by `index` (id and
 * name first, then argument pieces), a finish chunk, the usage alone in a chunk with `choices: []`,
 * then `[DONE]`. A choice-level error becomes the mid-stream error chunk (D-ERR), after which the
 * stream ends without `[DONE]` ("the stream is terminated after this event").
 *
 * The whole stream is one string: the emulator is pure and has no clock, and a client parser meets
 * the same bytes whether they arrive at once or slowly.
 */

const KEEP_ALIVE = ': OPENROUTER PROCESSING\n\n'
/** Small enough that every real answer spans several chunks, which is what breaks naive parsers. */
const PIECE = 24

export function streamCompletion(input: CompletionInput): string {
  const { answer } = input
  const head = { id: input.id, object: 'chat.completion.chunk', created: input.created, model: input.model, provider: input.provider, system_fingerprint: null }
  const chunk = (delta: Record<string, unknown>, finish: string | null = null, native: string | null = null) =>
    event({ ...head, choices: [{ index: 0, delta, finish_reason: finish, native_finish_reason: native, logprobs: null }] })

  let out = KEEP_ALIVE + chunk({ role: 'assistant', content: '', reasoning: null })
  if (typeof answer.content === 'string') for (const piece of pieces(answer.content)) out += chunk({ content: piece })
  if (typeof answer.refusal === 'string') out += chunk({ refusal: answer.refusal })
  answer.tool_calls?.forEach((call, index) => {
    out += chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] })
    for (const piece of pieces(call.function.arguments)) out += chunk({ tool_calls: [{ index, function: { arguments: piece } }] })
  })
  if (input.choiceError !== undefined) {
    return out + event({ ...head, error: input.choiceError, choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error', native_finish_reason: answer.native_finish_reason }] })
  }
  out += chunk({}, answer.finish_reason, answer.native_finish_reason)
  out += event({ ...head, choices: [], usage: input.usage })
  return out + 'data: [DONE]\n\n'
}

/** An error inside a 200 stream with no output before it (the streamed form of an error in a 200 body). */
export function streamError(head: { id: string; created: number; model: string; provider: string }, error: RouterError): string {
  const chunk = { id: head.id, object: 'chat.completion.chunk', created: head.created, model: head.model, provider: head.provider, error }
  return KEEP_ALIVE + event({ ...chunk, choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error', native_finish_reason: 'error' }] })
}

/**
 * A streamed request whose steps all failed before the first token, in one of the two live forms: a
 * chunk with `choices: []` beside the error (OmniRoute#8210, 2026-07), or a bare `data: {"error": …}`
 * line (vercel/ai#2698, aider#3550). Nothing follows it: no usage, no `[DONE]`.
 */
export function streamErrorBeforeFirstToken(
  head: { id: string; created: number; model: string; provider: string },
  envelope: ErrorEnvelope,
  form: 'empty-choices' | 'bare-chunk',
): string {
  if (form === 'bare-chunk') return KEEP_ALIVE + event(envelope)
  return KEEP_ALIVE + event({ id: head.id, object: 'chat.completion.chunk', created: head.created, model: head.model, provider: head.provider, choices: [], ...envelope })
}

function event(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`
}

function pieces(text: string): string[] {
  if (text.length === 0) return []
  const out: string[] = []
  for (let i = 0; i < text.length; i += PIECE) out.push(text.slice(i, i + PIECE))
  return out
}
