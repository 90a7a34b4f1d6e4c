import type { CheckFailure } from '../types.js'

/**
 * Stable check ids: reports, CI scripts and `--grep`-style filters key on them, so never rename one.
 * Each names one rule of the contract.
 */
export const CHECK = {
  /** The response body is not a chat completion at all (no choices, not an object). */
  responseShape: 'response-shape',
  /** An HTTP 200 whose body or choice carries an error (docs/router-behaviour.md §4.6). */
  errorIn200: 'error-in-200',
  /** finish_reason is "length" or "error". */
  finishReason: 'finish-reason',
  /** The model refused and the scenario does not allow refusals. */
  refusal: 'refusal',
  /** No content and no tool call (or a client that returned nothing). */
  empty: 'empty',
  /** JSON was expected and the text is not JSON. */
  jsonParse: 'json-parse',
  /** The JSON does not validate against the response_format schema. */
  schema: 'schema',
  /** A tool call names a tool the request does not declare. */
  toolName: 'tool-name',
  /** Tool call arguments that do not parse or do not validate against the tool's parameters. */
  toolArguments: 'tool-arguments',
  /** The answer breaks the request's tool_choice. */
  toolChoice: 'tool-choice',
  /** What the client sent differs from the scenario's request. */
  requestFidelity: 'request-fidelity',
  /** The scenario's `expect.result` Standard Schema rejects what the client returned. */
  expectResult: 'expect-result',

  // The judge's checks on what the client did (core/judge.ts).
  /** The client was still running at the case deadline. */
  hang: 'hang',
  /** The client threw a crash error (core/judge.ts `crashClassOf`), a non-Error value, or was killed. */
  crash: 'crash',
  /** No step could serve, yet the client returned a result. */
  resultWithoutAnswer: 'result-without-answer',
  /** The client called a URL the harness does not emulate. */
  unhandledRequest: 'unhandled-request',
  /** Another model served than the plan expects. */
  servedBy: 'served-by',
  /** The case cost more than `budgets.maxCostUsd`. */
  budgetCost: 'budget-cost',
  /** The case took longer than `budgets.maxLatencyMs`. */
  budgetLatency: 'budget-latency',
  /** The router refused the request the client built before trying any step. */
  requestRejected: 'request-rejected',
  /** The client returned a result without ever calling the router: it tested no step. */
  neverRouted: 'never-routed',
  /** The client surfaced an error although a step could serve. */
  surfacedWhileServable: 'surfaced-while-servable',
} as const

export type CheckId = (typeof CHECK)[keyof typeof CHECK]

export function failure(check: CheckId, path: string, message: string): CheckFailure {
  return { check, path, message }
}
