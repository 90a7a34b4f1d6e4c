import type { JsonSchema } from '../types.js'
import { nativeFinishReason } from './finish-reasons.js'
import { answerShapeOf } from './request-parts.js'
import { synthesizeHintedJson, synthesizeJson } from './synthesize-json.js'
import { toolCallId } from './tool-call-id.js'
import type { AnswerMessage, Random, SynthesisInput } from './types.js'

/**
 * Text answers carry this mark so nobody mistakes a synthesized answer for a model's. JSON answers do
 * not: a mark would break the app's schema; the trace records `answerSource: 'synthesized'` instead.
 */
export const SYNTHESIZED_MARK = '[synthesized by cascade-harness]'

const NO_PARAMETERS: JsonSchema = { type: 'object', properties: {} }
const ANY_OBJECT = { type: 'object' }

/**
 * The answer a well-behaved model gives to this request when no cassette exists: a tool call, JSON
 * content or text, chosen by `answerShapeOf` (request-parts.ts), deterministic for a random sequence.
 * A `hint` (a JSON Schema the client's result must meet, e.g. the scenario's `expect.result`) shapes
 * JSON content, json_object content and tool arguments too when a value can meet both it and the
 * request's own schema; otherwise it is ignored (synthesize-json.ts).
 *
 * @example
 * synthesizeAnswer({ request, model: 'google/gemini-2.5-flash', random: createRandom(42) })
 * // { content: '{"vendor":...}', refusal: null, finish_reason: 'stop', native_finish_reason: 'STOP' }
 */
export function synthesizeAnswer({ request, model, random, hint }: SynthesisInput): AnswerMessage {
  const shape = answerShapeOf(request)
  switch (shape.kind) {
    case 'tool_call':
      return {
        content: null,
        tool_calls: [synthesizeToolCall(shape.name, shape.parameters, random, hint)],
        refusal: null,
        finish_reason: 'tool_calls',
        native_finish_reason: nativeFinishReason(model, 'tool_calls'),
      }
    case 'json':
      return stop(model, synthesizeJson(shape.schema, random, hint))
    case 'json_object': {
      // Any JSON object meets json_object: one the hint accepts if there is one, else a small object
      // that says what it is.
      const hinted = hint === undefined ? undefined : synthesizeHintedJson(ANY_OBJECT, hint, random)
      return stop(model, hinted ?? JSON.stringify({ answer: `${SYNTHESIZED_MARK} a JSON answer from ${model}` }))
    }
    case 'text':
      return stop(model, `${SYNTHESIZED_MARK} A stand-in answer from ${model}: record a cassette to replay a real one.`)
  }
}

export function synthesizeToolCall(
  name: string,
  parameters: JsonSchema | undefined,
  random: Random,
  hint?: JsonSchema,
): NonNullable<AnswerMessage['tool_calls']>[number] {
  const id = toolCallId(random)
  return {
    id,
    type: 'function',
    function: { name, arguments: synthesizeJson(parameters ?? NO_PARAMETERS, random, hint) },
  }
}

function stop(model: string, content: string): AnswerMessage {
  return { content, refusal: null, finish_reason: 'stop', native_finish_reason: nativeFinishReason(model, 'stop') }
}
