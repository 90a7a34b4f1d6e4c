import { wantsJsonContent } from '../answers/request-parts.js'
import type { ChatRequest, CheckFailure } from '../types.js'
import { CHECK, failure } from './checks.js'
import { checkJsonText } from './check-json-answer.js'
import { checkToolCalls, checkToolChoice, toolCallViews } from './check-tool-calls.js'
import { LONG_QUOTE, quote } from './describe-value.js'
import { isRecord } from '../json-path.js'

export interface ContractOptions {
  /** A refusal counts as an answer (scenario `expect.allowRefusal`). */
  allowRefusal?: boolean
}

/**
 * The contract for one assistant message (`{ content, tool_calls, refusal }`) at `path`: an answer is
 * there, it is not a refusal unless allowed, tool calls meet the tools and tool_choice, and JSON
 * content meets the response_format.
 */
export function checkMessage(
  request: ChatRequest,
  message: unknown,
  path: string,
  options: ContractOptions,
): CheckFailure[] {
  if (!isRecord(message)) return [failure(CHECK.responseShape, path, 'the choice has no message')]
  const refusal = message.refusal
  if (typeof refusal === 'string' && refusal.trim() !== '') {
    return options.allowRefusal
      ? []
      : [failure(CHECK.refusal, `${path}.refusal`, `the model refused: ${quote(refusal, LONG_QUOTE)}`)]
  }
  const calls = toolCallViews(message.tool_calls ?? [], `${path}.tool_calls`) ?? []
  const content = textOf(message.content)
  if (calls.length === 0 && (content === undefined || content.trim() === '')) {
    return [
      failure(
        CHECK.empty,
        `${path}.content`,
        `the answer is empty: ${content === undefined ? 'there is no content' : 'the content is an empty string'} and there is no tool call`,
      ),
    ]
  }
  const failures = [...checkToolCalls(request, calls), ...checkToolChoice(request, calls, `${path}.tool_calls`)]
  // Text beside tool calls is commentary; the response_format applies to the content of a final answer.
  if (calls.length === 0 && content !== undefined && wantsJsonContent(request)) {
    failures.push(...checkJsonText(request, content, `${path}.content`, { name: 'the content', verb: 'is' }))
  }
  return failures
}

/** Content as text: a string, or the text parts of a content-part array (OpenAI's newer shape). */
function textOf(content: unknown): string | undefined {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return undefined
  const texts = content
    .filter((part) => isRecord(part) && typeof part.text === 'string')
    .map((part) => (part as { text: string }).text)
  return texts.length > 0 ? texts.join('') : undefined
}
