import type { ChatRequest, CheckFailure } from '../types.js'
import { CHECK, failure } from './checks.js'
import { checkMessage, type ContractOptions } from './check-message.js'
import { LONG_QUOTE, quote } from './describe-value.js'
import { isRecord } from '../json-path.js'

/**
 * The contract for a chat-completion body: no error inside the 200, a
 * finish_reason that is not "length" or "error", then the first choice's message (check-message.ts).
 * Paths start at `response`.
 *
 * @example
 * checkCompletion(request, await response.json(), { allowRefusal: false })
 * // [{ check: 'schema', path: 'response.choices[0].message.content.total',
 * //    message: '$.total: expected number, got string "42.50"' }]
 */
export function checkCompletion(
  request: ChatRequest,
  completion: unknown,
  options: ContractOptions = {},
): CheckFailure[] {
  return checkCompletionAt(request, completion, 'response', options)
}

export function checkCompletionAt(
  request: ChatRequest,
  completion: unknown,
  root: string,
  options: ContractOptions,
): CheckFailure[] {
  if (!isRecord(completion)) return [failure(CHECK.responseShape, root, 'the response body is not a JSON object')]
  if (completion.error !== undefined && completion.error !== null) {
    return [
      failure(
        CHECK.errorIn200,
        `${root}.error`,
        `the body carries an error instead of an answer: ${describeError(completion.error)}`,
      ),
    ]
  }
  const choice = Array.isArray(completion.choices) ? completion.choices[0] : undefined
  if (!isRecord(choice)) return [failure(CHECK.responseShape, `${root}.choices`, 'the response has no choices')]
  const at = `${root}.choices[0]`
  if (choice.error !== undefined && choice.error !== null) {
    return [
      failure(
        CHECK.errorIn200,
        `${at}.error`,
        `the choice carries an error instead of an answer: ${describeError(choice.error)}`,
      ),
    ]
  }
  const failures: CheckFailure[] = []
  if (choice.finish_reason === 'error') {
    const native =
      typeof choice.native_finish_reason === 'string' ? ` (native_finish_reason "${choice.native_finish_reason}")` : ''
    return [
      failure(
        CHECK.finishReason,
        `${at}.finish_reason`,
        `finish_reason is "error": the provider failed while answering${native}`,
      ),
    ]
  }
  if (choice.finish_reason === 'length') {
    failures.push(
      failure(
        CHECK.finishReason,
        `${at}.finish_reason`,
        'finish_reason is "length": the answer was cut off at the token limit',
      ),
    )
  }
  failures.push(...checkMessage(request, choice.message, `${at}.message`, options))
  return failures
}

function describeError(error: unknown): string {
  if (!isRecord(error)) return quote(String(error), LONG_QUOTE)
  const code = error.code !== undefined && error.code !== null ? `${String(error.code)} ` : ''
  return `${code}${typeof error.message === 'string' ? quote(error.message, LONG_QUOTE) : 'with no message'}`
}
