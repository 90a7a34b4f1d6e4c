import type { ChatRequest, RequestTrace, StepAnswerCheck } from '../types.js'
import { checkCompletionAt } from './check-completion.js'
import type { ContractOptions } from './check-message.js'
import { isRecord } from '../json-path.js'

/**
 * The answer each step served, checked against the contract of the request that asked for it: what the
 * model sent on the wire, apart from what the client made of it (the app's own object is judged by
 * `expect.result`). A quirk breaks it by design; a clean answer meets it; a step that served without
 * the tools the router dropped shows why the app's result broke. Paths start at `response`.
 */
export function checkWireAnswers(traces: readonly RequestTrace[], options: ContractOptions = {}): StepAnswerCheck[] {
  const checks: StepAnswerCheck[] = []
  for (const trace of traces) {
    if (!trace.answer || trace.servedBy === null || trace.servedStep === null || !isRecord(trace.body)) continue
    const { finish_reason, ...message } = trace.answer
    const completion = { choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason }] }
    const failures = checkCompletionAt(trace.body as ChatRequest, completion, 'response', options)
    checks.push({
      request: trace.index,
      step: trace.servedStep,
      model: trace.servedBy,
      met: failures.length === 0,
      failures,
    })
  }
  return checks
}
