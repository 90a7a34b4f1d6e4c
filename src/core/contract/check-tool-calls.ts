import { declaredTools, findTool, forcedToolName } from '../answers/request-parts.js'
import type { ChatRequest, CheckFailure } from '../types.js'
import { CHECK, failure } from './checks.js'
import { jsonPath, isRecord } from '../json-path.js'
import { parseJsonText } from './parse-json-text.js'
import { compileSchema } from './schema-validator.js'

/**
 * One tool call, whatever shape carried it: the wire form `{ function: { name, arguments } }`, a bare
 * `{ name, arguments }`, or the AI SDK's `{ toolName, input }` (arguments already parsed).
 */
export interface ToolCallView {
  name: unknown
  /** A JSON string (wire form) or an already parsed value (SDK forms). */
  arguments: unknown
  /** Where the call sits, e.g. `response.choices[0].message.tool_calls[0]`. */
  path: string
  namePath: string
  argumentsPath: string
}

/** Reads a list of tool calls in any of the shapes above; undefined when `value` is not such a list. */
export function toolCallViews(value: unknown, path: string): ToolCallView[] | undefined {
  if (!Array.isArray(value)) return undefined
  const views: ToolCallView[] = []
  for (const [index, call] of value.entries()) {
    const at = `${path}[${index}]`
    if (!isRecord(call)) return undefined
    if (isRecord(call.function)) {
      views.push({
        name: call.function.name,
        arguments: call.function.arguments,
        path: at,
        namePath: `${at}.function.name`,
        argumentsPath: `${at}.function.arguments`,
      })
    } else if ('toolName' in call) {
      views.push({
        name: call.toolName,
        arguments: call.input ?? call.args,
        path: at,
        namePath: `${at}.toolName`,
        argumentsPath: `${at}.${'input' in call ? 'input' : 'args'}`,
      })
    } else if ('name' in call && 'arguments' in call) {
      views.push({
        name: call.name,
        arguments: call.arguments,
        path: at,
        namePath: `${at}.name`,
        argumentsPath: `${at}.arguments`,
      })
    } else return undefined
  }
  return views
}

/** Every call names a declared tool, and its arguments parse and validate against that tool's parameters. */
export function checkToolCalls(request: ChatRequest, calls: readonly ToolCallView[]): CheckFailure[] {
  const failures: CheckFailure[] = []
  const declared = declaredTools(request).map((tool) => tool.function.name)
  for (const call of calls) {
    if (typeof call.name !== 'string' || call.name === '') {
      failures.push(failure(CHECK.toolName, call.namePath, 'the tool call has no function name'))
      continue
    }
    const tool = findTool(request, call.name)
    if (!tool) {
      failures.push(
        failure(
          CHECK.toolName,
          call.namePath,
          `the tool call names "${call.name}", which the request does not declare (declared: ${declared.join(', ') || 'none'})`,
        ),
      )
      continue
    }
    let args = call.arguments
    if (typeof args === 'string') {
      const parsed = parseJsonText(args, { name: `the arguments of tool call "${call.name}"`, verb: 'are' })
      if (!parsed.ok) {
        failures.push(failure(CHECK.toolArguments, call.argumentsPath, parsed.problem))
        continue
      }
      args = parsed.value
    }
    const parameters = tool.function.parameters
    if (parameters === undefined) continue
    for (const issue of compileSchema(parameters)(args)) {
      failures.push(
        failure(
          CHECK.toolArguments,
          jsonPath(issue.segments, call.argumentsPath),
          `the arguments of tool call "${call.name}" do not match its parameters: ${jsonPath(issue.segments)}: ${issue.problem}`,
        ),
      )
    }
  }
  return failures
}

/** `tool_choice`: 'none' → no call; 'required' → at least one; a named function → a call to it. */
export function checkToolChoice(request: ChatRequest, calls: readonly ToolCallView[], path: string): CheckFailure[] {
  const names = [...new Set(calls.map((call) => String(call.name)))]
  const called = names.map((name) => `"${name}"`).join(' and ')
  const forced = forcedToolName(request)
  if (request.tool_choice === 'none' && calls.length > 0) {
    return [failure(CHECK.toolChoice, path, `tool_choice is "none", but the answer calls ${called}`)]
  }
  if (request.tool_choice === 'required' && calls.length === 0) {
    return [failure(CHECK.toolChoice, path, 'tool_choice is "required", but the answer calls no tool')]
  }
  if (forced !== undefined) {
    if (calls.length === 0)
      return [
        failure(CHECK.toolChoice, path, `tool_choice requires a call to "${forced}", but the answer calls no tool`),
      ]
    const others = names.filter((name) => name !== forced)
    if (others.length > 0) {
      return [
        failure(
          CHECK.toolChoice,
          path,
          `tool_choice requires a call to "${forced}", but the answer calls ${others.map((name) => `"${name}"`).join(' and ')}`,
        ),
      ]
    }
  }
  return []
}
