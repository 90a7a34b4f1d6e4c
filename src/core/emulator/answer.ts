import { applyQuirk } from '../answers/quirks.js'
import { synthesizeAnswer } from '../answers/synthesize.js'
import type { AnswerMessage } from '../answers/types.js'
import { createRandom, hashString } from '../random.js'
import type { AnswerSource, ChatRequest, JsonSchema } from '../types.js'
import type { CassetteLookup } from './types.js'

/**
 * The answer a step serves: a cassette when one was recorded for the exact step request, else a
 * synthesized one (deterministic per seed and model), then the planned answer quirk if any. A cassette
 * recorded from an emulator (`synthetic`) is replayed as it was recorded but is a synthesized answer.
 */
export type StepAnswer =
  | {
      kind: 'answer'
      answer: AnswerMessage
      source: Exclude<AnswerSource, 'none'>
      /** The `model` the body names: a cassette may hold a dated slug (docs/router-behaviour.md §2.1). */
      bodyModel: string | undefined
      /** A cassette's recorded usage (real token counts and cost), replayed as is. */
      usage: Record<string, unknown> | undefined
      latencyMs: number
    }
  /** The cassette holds an error (or a 200 without choices): replayed as the attempt's outcome. */
  | { kind: 'recorded-error'; status: number; body: unknown; latencyMs: number }

export interface AnswerInput {
  modelId: string
  /** The client's body pinned to this step: what a cassette is keyed by. */
  stepRequest: ChatRequest
  /** What the model actually receives (parameters the router drops are gone): what synthesis reads. */
  modelRequest: ChatRequest
  seed: number
  cassettes: CassetteLookup | undefined
  quirk: string | null
  /** The setup's `answerHint` schema: synthesized JSON also meets it when it can. */
  hint?: JsonSchema | undefined
}

/** Virtual latency of a synthesized answer: 600-1500 ms, fixed per seed and model so runs repeat. */
export function synthesizedLatency(seed: number, modelId: string): number {
  return 600 + (hashString(`${seed}:latency:${modelId}`) % 901)
}

export function answerFor(input: AnswerInput): StepAnswer {
  const { modelId } = input
  // Quirks draw from the same stream as synthesis, after it, so a quirk never shifts the base answer.
  const random = createRandom(`${input.seed}:answer:${modelId}`)
  const recorded = input.cassettes?.find(modelId, input.stepRequest)
  if (recorded !== undefined) {
    const answer = recorded.status === 200 ? answerFromBody(recorded.body) : undefined
    if (answer === undefined)
      return { kind: 'recorded-error', status: recorded.status, body: recorded.body, latencyMs: recorded.latencyMs }
    const body = recorded.body as { model?: unknown; usage?: unknown }
    return {
      kind: 'answer',
      answer:
        input.quirk === null
          ? answer
          : applyQuirk(input.quirk, answer, {
              request: input.modelRequest,
              random,
              model: modelId,
              ...(input.hint !== undefined ? { appSchema: input.hint } : {}),
            }),
      // A recording of an emulator's answer is no evidence of a real model's: say what it is.
      source: recorded.synthetic === true ? 'synthesized' : 'cassette',
      bodyModel: typeof body.model === 'string' ? body.model : undefined,
      usage: isRecord(body.usage) ? body.usage : undefined,
      latencyMs: recorded.latencyMs,
    }
  }
  let answer = synthesizeAnswer({
    request: input.modelRequest,
    model: modelId,
    random,
    ...(input.hint !== undefined ? { hint: input.hint } : {}),
  })
  if (input.quirk !== null)
    answer = applyQuirk(input.quirk, answer, {
      request: input.modelRequest,
      random,
      model: modelId,
      ...(input.hint !== undefined ? { appSchema: input.hint } : {}),
    })
  return {
    kind: 'answer',
    answer,
    source: 'synthesized',
    bodyModel: undefined,
    usage: undefined,
    latencyMs: synthesizedLatency(input.seed, modelId),
  }
}

/** The assistant turn of a recorded success body, or undefined when it has no usable choice. */
function answerFromBody(body: unknown): AnswerMessage | undefined {
  if (!isRecord(body) || !Array.isArray(body.choices)) return undefined
  const choice: unknown = body.choices[0]
  if (!isRecord(choice) || !isRecord(choice.message)) return undefined
  const message = choice.message
  const finish =
    typeof choice.finish_reason === 'string' ? (choice.finish_reason as AnswerMessage['finish_reason']) : 'stop'
  const answer: AnswerMessage = {
    content: typeof message.content === 'string' ? message.content : null,
    refusal: typeof message.refusal === 'string' ? message.refusal : null,
    finish_reason: finish,
    native_finish_reason: typeof choice.native_finish_reason === 'string' ? choice.native_finish_reason : finish,
  }
  if (Array.isArray(message.tool_calls))
    answer.tool_calls = message.tool_calls as NonNullable<AnswerMessage['tool_calls']>
  return answer
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
