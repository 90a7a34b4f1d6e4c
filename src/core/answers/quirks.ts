import type { AnswerQuirkName } from '../faults.js'
import type { ChatRequest, JsonSchema } from '../types.js'
import { familyOf, type Family } from '../catalog/families.js'
import { familyOfAnswer, nativeFinishReasonFor } from './finish-reasons.js'
import { addUndeclaredKey, dropKey, retypeScalar, type Edit } from './json-edits.js'
import { answerShapeOf, declaredTools, findTool, responseSchemaOf } from './request-parts.js'
import { rootObjectKeywords } from './root-schema.js'
import { synthesizeToolCall } from './synthesize.js'
import { toolCallId } from './tool-call-id.js'
import { outsideAppValue } from './app-schema.js'
import type { AnswerMessage, Random } from './types.js'

export interface QuirkContext {
  request: ChatRequest
  random: Random
  /** The model that served; gives the native finish reasons. Without it, the answer's own tell. */
  model?: string
  /** The app's schema (`expect.result` as JSON Schema), for `outside_app_schema`. */
  appSchema?: JsonSchema
}

type Quirk = (answer: AnswerMessage, context: QuirkContext) => AnswerMessage

export const REFUSAL_TEXT = "I'm sorry, but I can't help with that."

/** Names a model invents for tools it was never given; the first one the request does not declare is used. */
const UNDECLARED_TOOL_NAMES = ['web_search', 'python', 'lookup_record']

/**
 * How each answer quirk bends a served answer (an HTTP 200 that deviates from the contract). Quirks
 * about JSON act on the JSON the answer carries: the content, or the first tool call's arguments when
 * the answer is a tool call. Where a quirk cannot apply (extra_key on prose that is not JSON, tool
 * arguments for a request without tools), the answer stays as it was and the case shows no deviation.
 */
// A record over the catalog's answer quirks (core/faults.ts): a quirk added there does not compile until it has a behaviour here.
const QUIRKS: Record<AnswerQuirkName, Quirk> = {
  fenced_json: (answer, { request }) => editText(answer, request, (text) => `\`\`\`json\n${text}\n\`\`\``),

  extra_key: (answer, { request }) =>
    editJson(answer, request, (value, schema) => addUndeclaredKey(value, rootObjectKeywords(schema).declared)),

  missing_required_key: (answer, { request, random }) =>
    editJson(answer, request, (value, schema) => dropKey(value, rootObjectKeywords(schema).required, random)),

  number_as_string: (answer, { request, random }) => editJson(answer, request, (value) => retypeScalar(value, random)),

  truncated: (answer, context) => {
    // Half the text: a JSON document cut anywhere before its end no longer parses.
    const cut = editText(answer, context.request, (text) => text.slice(0, Math.floor(text.length / 2)))
    return finish(cut, context, answer, 'length')
  },

  refusal: (answer, context) => finish({ content: null, refusal: REFUSAL_TEXT }, context, answer, 'stop'),

  tool_args_not_json: (answer, context) => {
    const call = withToolCall(answer, context)
    if (!call) return answer
    return editToolArguments(call, (args) => cutAfterLastColon(args))
  },

  unknown_tool: (answer, context) => {
    const call =
      withToolCall(answer, context) ??
      finish(
        {
          content: null,
          refusal: null,
          tool_calls: [{ id: toolCallId(context.random), type: 'function', function: { name: '', arguments: '{}' } }],
        },
        context,
        answer,
        'tool_calls',
      )
    const declared = new Set(declaredTools(context.request).map((tool) => tool.function.name))
    const name = UNDECLARED_TOOL_NAMES.find((candidate) => !declared.has(candidate)) ?? `${[...declared].join('_')}_v2`
    const [first, ...rest] = call.tool_calls ?? []
    return first ? { ...call, tool_calls: [{ ...first, function: { ...first.function, name } }, ...rest] } : call
  },

  empty_content: (answer, context) => finish({ content: '', refusal: null }, context, answer, 'stop'),

  // Valid on the wire, refused by the app: the nearest answer past a bound the app keeps only in its own schema.
  outside_app_schema: (answer, { request, appSchema }) =>
    editJson(answer, request, (value, schema) => {
      if (appSchema === undefined || schema === undefined) return undefined
      const outside = outsideAppValue(value, schema, appSchema)
      return outside === undefined ? undefined : { value: outside as Edit['value'], at: [] }
    }),

  // A quirk of time, not of content: the emulator delays the first chunk (core/emulator/stream.ts).
  slow_first_token: (answer) => answer,

  // Family habits (emulator README, "How families answer"). Each keeps the answer's meaning; only its shape moves.
  reasoning_before_content: (answer) => ({ ...answer, reasoning: REASONING_TEXT }),

  think_block: (answer) =>
    typeof answer.content === 'string'
      ? { ...answer, content: `<think>\n${REASONING_TEXT}\n</think>\n\n${answer.content}` }
      : answer,

  text_before_tool_call: (answer) => (answer.tool_calls?.length ? { ...answer, content: TEXT_BEFORE_TOOL } : answer),

  stop_with_tool_calls: (answer) =>
    answer.tool_calls?.length ? { ...answer, finish_reason: 'stop', native_finish_reason: 'STOP' } : answer,

  empty_string_content: (answer) =>
    answer.tool_calls?.length && answer.content === null ? { ...answer, content: '' } : answer,

  // The response's `model`, not the message: the emulator writes the catalog's canonical slug (core/emulator/index.ts).
  dated_model_slug: (answer) => answer,
}

/** What a reasoning model thinks aloud: text a client must not mistake for the answer. */
export const REASONING_TEXT =
  'The user wants the requested data. I will read the input carefully and answer in the requested format.'
/** What a model says before it calls a tool (Anthropic's models often do). */
export const TEXT_BEFORE_TOOL = "I'll record that with the tool now."

/**
 * Applies one answer quirk to an answer (synthesized or from a cassette) and returns the new answer;
 * deterministic for a given random sequence.
 *
 * @example
 * applyQuirk('fenced_json', answer, { request, random: createRandom(1) }).content
 * // '```json\n{"vendor":...}\n```'
 */
export function applyQuirk(name: string, answer: AnswerMessage, context: QuirkContext): AnswerMessage {
  const quirk = QUIRKS[name as AnswerQuirkName]
  if (!quirk) throw new Error(`"${name}" is not an answer quirk (known: ${Object.keys(QUIRKS).join(', ')})`)
  return quirk(answer, context)
}

// ---------------------------------------------------------------------------------------------

type Target =
  | { where: 'content'; text: string; schema: JsonSchema | undefined }
  | { where: 'tool'; text: string; schema: JsonSchema | undefined }

/** The JSON-bearing text of an answer: the content, else the first tool call's arguments. */
function targetOf(answer: AnswerMessage, request: ChatRequest): Target | undefined {
  if (typeof answer.content === 'string' && answer.content !== '')
    return { where: 'content', text: answer.content, schema: responseSchemaOf(request) }
  const call = answer.tool_calls?.[0]
  if (call)
    return {
      where: 'tool',
      text: call.function.arguments,
      schema: findTool(request, call.function.name)?.function.parameters,
    }
  return undefined
}

function editText(answer: AnswerMessage, request: ChatRequest, edit: (text: string) => string): AnswerMessage {
  const target = targetOf(answer, request)
  if (!target) return answer
  if (target.where === 'content') return { ...answer, content: edit(target.text) }
  return editToolArguments(answer, edit)
}

function editJson(
  answer: AnswerMessage,
  request: ChatRequest,
  edit: (value: unknown, schema: JsonSchema | undefined) => Edit | undefined,
): AnswerMessage {
  const target = targetOf(answer, request)
  if (!target) return answer
  let value: unknown
  try {
    value = JSON.parse(target.text)
  } catch {
    return answer
  }
  const edited = edit(value, target.schema)
  return edited ? editText(answer, request, () => JSON.stringify(edited.value)) : answer
}

function editToolArguments(answer: AnswerMessage, edit: (args: string) => string): AnswerMessage {
  const [first, ...rest] = answer.tool_calls ?? []
  if (!first) return answer
  return {
    ...answer,
    tool_calls: [{ ...first, function: { ...first.function, arguments: edit(first.function.arguments) } }, ...rest],
  }
}

/**
 * The answer as a tool call: itself when it already is one, else a fresh call to the tool the request
 * would have the model call (the forced one, else the first). Undefined when the request has no tools.
 */
function withToolCall(answer: AnswerMessage, context: QuirkContext): AnswerMessage | undefined {
  if (answer.tool_calls && answer.tool_calls.length > 0) return answer
  const shape = answerShapeOf({
    ...context.request,
    response_format: undefined,
    tool_choice: context.request.tool_choice === 'none' ? 'auto' : context.request.tool_choice,
  })
  if (shape.kind !== 'tool_call') return undefined
  const call = synthesizeToolCall(shape.name, shape.parameters, context.random)
  return finish({ content: null, refusal: null, tool_calls: [call] }, context, answer, 'tool_calls')
}

/** `{"vendor":"Acme","total":12}` → `{"vendor":"Acme","total": ` (what a stream cut mid-call leaves). */
function cutAfterLastColon(args: string): string {
  const colon = args.lastIndexOf(':')
  return colon > 0 ? `${args.slice(0, colon + 1)} ` : args.slice(0, Math.max(1, Math.floor(args.length / 2)))
}

function finish(
  message: Pick<AnswerMessage, 'content' | 'refusal'> & Partial<AnswerMessage>,
  context: QuirkContext,
  original: AnswerMessage,
  reason: AnswerMessage['finish_reason'],
): AnswerMessage {
  const family: Family = context.model ? familyOf(context.model) : familyOfAnswer(original)
  const { tool_calls: toolCalls, ...rest } = message
  return {
    ...rest,
    ...(toolCalls ? { tool_calls: toolCalls } : {}),
    finish_reason: reason,
    native_finish_reason: nativeFinishReasonFor(family, reason),
  }
}
