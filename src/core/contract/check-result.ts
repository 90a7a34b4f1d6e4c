import { wantsJsonContent } from '../answers/request-parts.js'
import type { ChatRequest, CheckFailure, RequestTrace } from '../types.js'
import { firstDifference } from './first-difference.js'
import { CHECK, failure } from './checks.js'
import { checkCompletionAt } from './check-completion.js'
import { checkJsonText, checkJsonValue } from './check-json-answer.js'
import { checkMessage, type ContractOptions } from './check-message.js'
import { checkToolCalls, checkToolChoice, toolCallViews } from './check-tool-calls.js'
import { isRecord } from '../json-path.js'

const RESULT = { name: 'the result', verb: 'is' } as const

/**
 * The contract for what a client function returned, whatever it chose to return. Paths start at `$`,
 * the returned value. Recognised shapes, in this order:
 * - a chat completion (`choices`): the full completion contract;
 * - an assistant message (`role: 'assistant'` or `tool_calls`): the message contract;
 * - an AI SDK `generateText` result (`toolCalls`): its tool calls, else its `text`;
 * - a list of tool calls (`{ name, arguments }`, `{ toolName, input }`, `{ function }`);
 * - a string: parsed and validated when the request asks for JSON, else only "not empty";
 * - any other value: validated against the response_format schema only when it IS a served answer's
 *   JSON, passed through unchanged (`options.wireValues`). An object the app built (the parsed answer
 *   plus fields of its own) belongs to the app: the wire schema never judges it.
 * This is the structural guess used only when the scenario has no `expect.result`; with one, the
 * app's schema alone judges the result (README.md "The default matrix").
 */
export function checkResult(request: ChatRequest, result: unknown, options: ResultOptions = {}): CheckFailure[] {
  if (result === undefined || result === null) {
    return [failure(CHECK.empty, '$', `the client returned ${String(result)} instead of an answer`)]
  }
  if (isRecord(result)) {
    if ('choices' in result) return checkCompletionAt(request, result, '$', options)
    if (result.role === 'assistant' || Array.isArray(result.tool_calls))
      return checkMessage(request, result, '$', options)
    if (Array.isArray(result.toolCalls)) {
      const calls = toolCallViews(result.toolCalls, '$.toolCalls') ?? []
      if (calls.length > 0 || typeof result.text !== 'string')
        return [...checkToolCalls(request, calls), ...checkToolChoice(request, calls, '$.toolCalls')]
      return checkString(request, result.text, '$.text', { name: 'the text', verb: 'is' })
    }
  }
  const calls = Array.isArray(result) && result.length > 0 ? toolCallViews(result, '$') : undefined
  if (calls) return [...checkToolCalls(request, calls), ...checkToolChoice(request, calls, '$')]
  if (typeof result === 'string') return checkString(request, result, '$', RESULT)
  if (!wantsJsonContent(request)) return []
  const passedThrough = options.wireValues?.().some((value) => firstDifference(value, result) === undefined) ?? false
  return passedThrough ? checkJsonValue(request, result, '$', RESULT) : []
}

export interface ResultOptions extends ContractOptions {
  /**
   * The JSON the served answers carried (content, tool arguments): a result equal to one is the model's,
   * not the app's. Called only for a result of none of the shapes above, so a case whose client returned
   * a completion, a message or a string never parses the served answers again.
   */
  wireValues?: () => readonly unknown[]
}

/** The JSON values the served answers of `traces` carried on the wire: each content and each tool call's arguments that parse. */
export function wireValuesOf(traces: readonly RequestTrace[]): unknown[] {
  const values: unknown[] = []
  const add = (text: string | null | undefined) => {
    if (typeof text !== 'string') return
    // Only the values that parse count: no sentence is needed for one that does not.
    try {
      values.push(JSON.parse(text))
    } catch {
      // not JSON: no value the client could have passed through
    }
  }
  for (const trace of traces) {
    if (!trace.answer) continue
    add(trace.answer.content)
    for (const call of trace.answer.tool_calls ?? []) add(call.function.arguments)
  }
  return values
}

function checkString(
  request: ChatRequest,
  text: string,
  path: string,
  subject: { name: string; verb: 'is' | 'are' },
): CheckFailure[] {
  if (text.trim() === '') return [failure(CHECK.empty, path, `${subject.name} is an empty string`)]
  return wantsJsonContent(request) ? checkJsonText(request, text, path, subject) : []
}
