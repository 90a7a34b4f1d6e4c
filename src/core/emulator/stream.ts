import type { CompletionInput } from './completion.js'
import { KEEP_ALIVE, type Beat } from './timeline.js'
import type { ErrorEnvelope, RouterError } from './http.js'

/**
 * A completion as the router streams it (`stream: true`, docs/router-behaviour.md §5), as beats
 * (timeline.ts): a keep-alive comment, the wait before the first token (comments fill it), a first
 * chunk with the role, content in pieces, tool calls as deltas merged by `index` (id and name first,
 * then argument pieces), a finish chunk, the usage alone in a chunk with `choices: []`, then `[DONE]`.
 * Chunks are `chunkGapMs` apart and a keep-alive comment also comes between chunks (D-STR: "occasionally";
 * a live probe saw several), which breaks parsers that skip comments only before the first `data:`.
 * A choice-level error becomes the mid-stream error chunk (D-ERR), after which the stream ends without
 * `[DONE]` ("the stream is terminated after this event"); a cut stream just stops after half the answer.
 */

/** Small enough that every real answer spans several chunks, which is what breaks naive parsers. */
const PIECE = 24
/** A keep-alive comment after every this many data chunks. */
const COMMENT_EVERY = 8

export interface StreamTiming {
  /** Real time before the first chunk: the router's waits on failed attempts, plus a slow first token. */
  firstTokenMs: number
  chunkGapMs: number
  /** The connection drops after about half the answer (the `stream_cut` fault). */
  cut?: boolean
}

export function streamCompletion(
  input: CompletionInput,
  timing: StreamTiming = { firstTokenMs: 0, chunkGapMs: 0 },
): Beat[] {
  const { answer } = input
  const head = {
    id: input.id,
    object: 'chat.completion.chunk',
    created: input.created,
    model: input.model,
    provider: input.provider,
    system_fingerprint: null,
  }
  const data: string[] = []
  const chunk = (delta: Record<string, unknown>, finish: string | null = null, native: string | null = null) =>
    data.push(
      event({
        ...head,
        choices: [{ index: 0, delta, finish_reason: finish, native_finish_reason: native, logprobs: null }],
      }),
    )

  chunk({ role: 'assistant', content: '', reasoning: null })
  if (typeof answer.reasoning === 'string') for (const piece of pieces(answer.reasoning)) chunk({ reasoning: piece })
  if (typeof answer.content === 'string') for (const piece of pieces(answer.content)) chunk({ content: piece })
  if (typeof answer.refusal === 'string') chunk({ refusal: answer.refusal })
  answer.tool_calls?.forEach((call, index) => {
    chunk({
      tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }],
    })
    for (const piece of pieces(call.function.arguments))
      chunk({ tool_calls: [{ index, function: { arguments: piece } }] })
  })
  let ending: string[]
  if (timing.cut === true) {
    // Half the chunks, and the socket closes: no finish_reason, no usage, no [DONE].
    data.splice(Math.max(1, Math.ceil(data.length / 2)))
    ending = []
  } else if (input.choiceError !== undefined) {
    ending = [
      event({
        ...head,
        error: input.choiceError,
        choices: [
          {
            index: 0,
            delta: { content: '' },
            finish_reason: 'error',
            native_finish_reason: answer.native_finish_reason,
          },
        ],
      }),
    ]
  } else {
    const before = data.length
    chunk({}, answer.finish_reason, answer.native_finish_reason)
    ending = data.splice(before)
    ending.push(event({ ...head, choices: [], usage: input.usage }), 'data: [DONE]\n\n')
  }

  const beats: Beat[] = [{ kind: 'text', text: KEEP_ALIVE }]
  if (timing.firstTokenMs > 0) beats.push({ kind: 'wait', ms: timing.firstTokenMs })
  const all = [...data, ...ending]
  all.forEach((text, i) => {
    if (i > 0 && timing.chunkGapMs > 0) beats.push({ kind: 'wait', ms: timing.chunkGapMs })
    if (i > 0 && i % COMMENT_EVERY === 0) beats.push({ kind: 'text', text: KEEP_ALIVE })
    beats.push({ kind: 'text', text })
  })
  if (timing.cut === true) beats.push({ kind: 'cut' })
  return beats
}

/** An error inside a 200 stream with no output before it (the streamed form of an error in a 200 body). */
export function streamError(
  head: { id: string; created: number; model: string; provider: string },
  error: RouterError,
): string {
  const chunk = {
    id: head.id,
    object: 'chat.completion.chunk',
    created: head.created,
    model: head.model,
    provider: head.provider,
    error,
  }
  return event({
    ...chunk,
    choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error', native_finish_reason: 'error' }],
  })
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
  if (form === 'bare-chunk') return event(envelope)
  return event({
    id: head.id,
    object: 'chat.completion.chunk',
    created: head.created,
    model: head.model,
    provider: head.provider,
    choices: [],
    ...envelope,
  })
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
