import type { JsonSchema } from '../types.js'
import { nativeFinishReason } from './finish-reasons.js'
import { answerShapeOf } from './request-parts.js'
import { synthesizeJson } from './synthesize-json.js'
import { toolCallId } from './tool-call-id.js'
import type { AnswerMessage, Random, SynthesisInput } from './types.js'

/**
 * Text answers carry this mark so nobody mistakes a synthesized answer for a model's. JSON answers do
 * not: a mark would break the app's schema; the trace records `answerSource: 'synthesized'` instead.
 */
export const SYNTHESIZED_MARK = '[synthesized by cascade-harness]'

const NO_PARAMETERS: JsonSchema = { type: 'object', properties: {} }

/**
 * The answer a well-behaved model gives to this request when no cassette exists: a tool call, JSON
 * content or text, chosen by `answerShapeOf` (request-parts.ts), deterministic for a random sequence.
 *
 * @example
 * synthesizeAnswer({ request, model: 'google/gemini-2.5-flash', random: createRandom(42) })
 * // { content: '{"vendor":...}', refusal: null, finish_reason: 'stop', native_finish_reason: 'STOP' }
 */
export function synthesizeAnswer({ request, model, random }: SynthesisInput): AnswerMessage {
  const shape = answerShapeOf(request)
  switch (shape.kind) {
    case 'tool_call':
      return {
        content: null,
        tool_calls: [synthesizeToolCall(shape.name, shape.parameters, random)],
        refusal: null,
        finish_reason: 'tool_calls',
        native_finish_reason: nativeFinishReason(model, 'tool_calls'),
      }
    case 'json':
      return stop(model, synthesizeJson(shape.schema, random))
    case 'json_object':
      // No schema to follow: a small object that says what it is (any JSON object meets json_object).
      return stop(model, JSON.stringify({ answer: `${SYNTHESIZED_MARK} a JSON answer from ${model}` }))
    case 'text':
      return stop(model, `${SYNTHESIZED_MARK} A stand-in answer from ${model}: record a cassette to replay a real one.`)
  }
}

export function synthesizeToolCall(name: string, parameters: JsonSchema | undefined, random: Random): NonNullable<AnswerMessage['tool_calls']>[number] {
  const id = toolCallId(random)
  return { id, type: 'function', function: { name, arguments: synthesizeJson(parameters ?? NO_PARAMETERS, random) } }
}

function stop(model: string, content: string): AnswerMessage {
  return { content, refusal: null, finish_reason: 'stop', native_finish_reason: nativeFinishReason(model, 'stop') }
}
