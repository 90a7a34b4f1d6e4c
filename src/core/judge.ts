import { CHECK } from './contract/checks.js'
import { stepLabel } from './cascade.js'
import type { CheckFailure, Outcome, Plan, RequestTrace, Verdict } from './types.js'

/** What the client did in one case. Errors are reduced to data before they reach the pure core. */
export type ClientRun =
  | { kind: 'returned'; value: unknown }
  | { kind: 'threw'; error: { name: string; message: string } }
  | { kind: 'hung'; deadlineMs: number }

export interface JudgeInput {
  plan: Plan
  run: ClientRun
  traces: readonly RequestTrace[]
  /** Contract failures of the returned result (checkResult + expect.result); empty when the client threw. */
  resultFailures: readonly CheckFailure[]
  /** What the client sent that differs from the scenario (dropped tools on a retry, ...). */
  fidelityFailures: readonly CheckFailure[]
  /** URLs the client called that the harness does not emulate. */
  unhandledUrls: readonly string[]
  budgets: { maxCostUsd?: number; maxLatencyMs?: number }
  /** Hand-written plans may pin the model that must serve; matrix plans only report it. */
  enforceServedBy: boolean
}

export interface Judgement {
  verdict: Verdict
  outcome: Outcome
  failures: CheckFailure[]
  servedBy: string | null
  servedStep: number | null
  costUsd: number
  latencyMs: number
}

/**
 * Errors a client throws by accident, never on purpose: README.md "The default matrix" counts them as
 * crashes. An instance of a subclass is one of them too, whatever name it gives itself: it is a
 * `SyntaxError` to every `instanceof` and `catch` in the app, so a client that means to surface an
 * error throws an `Error` of its own. The one rule for in-process clients (`crashClassOf`) and `{ exec }`
 * commands (runner/exec/uncaught-error.ts maps their names onto these).
 */
export const CRASH_ERRORS = ['TypeError', 'SyntaxError', 'ReferenceError', 'RangeError'] as const
export type CrashError = (typeof CRASH_ERRORS)[number]
const CRASH_NAMES: ReadonlySet<string> = new Set(CRASH_ERRORS)

/**
 * Which of the crash classes a thrown value is, or undefined: by its name and by the constructor
 * names along its prototype chain, so a subclass counts and so does an error from another realm (a vm
 * context, a worker), where `instanceof` fails.
 */
export function crashClassOf(error: unknown): CrashError | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const own = String((error as { name?: unknown }).name)
  if (CRASH_NAMES.has(own)) return own as CrashError
  for (let proto = Object.getPrototypeOf(error); proto !== null; proto = Object.getPrototypeOf(proto)) {
    const name = (proto as { constructor?: { name?: unknown } }).constructor?.name
    if (typeof name === 'string' && CRASH_NAMES.has(name)) return name as CrashError
  }
  return undefined
}
/** The name capture-run gives a thrown value that is not an Error: the app cannot tell it from a bug either. */
export const NON_ERROR = 'NonError'
/** An `{ exec }` command killed by a signal (a segfault, an abort, the OOM killer): it crashed, it surfaced nothing. */
export const KILLED_BY_SIGNAL = 'KilledBySignal'
/**
 * A client the harness had to stop for what it did outside a function's result: it called
 * process.exit, left an unhandled rejection, flooded stdout. Its message is the whole sentence.
 */
export const STOPPED_BY_HARNESS = 'StoppedByHarness'

export function isCrash(error: { name: string }): boolean {
  return (
    CRASH_NAMES.has(error.name) ||
    error.name === NON_ERROR ||
    error.name === KILLED_BY_SIGNAL ||
    error.name === STOPPED_BY_HARNESS
  )
}

function crashMessage(error: { name: string; message: string }, traces: readonly RequestTrace[]): string {
  // fetch rejects with a TypeError on every network error, by specification: the bug is letting it escape.
  if (error.name === 'TypeError' && /^fetch failed/.test(error.message)) {
    return `the client let fetch's TypeError (${oneLine(error.message)}) escape: fetch rejects with a TypeError on every network error, so catch it and throw the app's own error${crashHint(traces)}`
  }
  if (error.name === KILLED_BY_SIGNAL)
    return `${oneLine(error.message)}: a process killed by a signal crashed, it did not surface an error${crashHint(traces)}`
  if (error.name === STOPPED_BY_HARNESS) return `${oneLine(error.message)}${crashHint(traces)}`
  if (error.name === NON_ERROR)
    return `${oneLine(error.message)}; throw an Error (a subclass the app can catch) so a failure is not mistaken for a bug${crashHint(traces)}`
  return `the client crashed with ${error.name}: ${oneLine(error.message)} (a ${error.name} is a bug in the client, not a surfaced error)${crashHint(traces)}`
}

/** The verdict rules of README.md "The default matrix", as one function over data. */
export function judgeCase(input: JudgeInput): Judgement {
  const { plan, run, traces } = input
  const last = traces.at(-1)
  const servedBy = last?.servedBy ?? null
  const servedStep = last?.servedStep ?? null
  const costUsd = round(
    traces.reduce((sum, t) => sum + t.costUsd, 0),
    8,
  )
  const latencyMs = traces.reduce((sum, t) => sum + t.latencyMs, 0)
  const servable = plan.expect.servedBy !== null
  // A surfaced error is a fair answer to a quirk only when the quirky answer actually reached the client.
  const quirk = traces.some((t) => t.quirk !== null)
  const failures: CheckFailure[] = []

  let outcome: Outcome
  if (run.kind === 'hung') {
    outcome = 'hung'
    failures.push({
      check: CHECK.hang,
      path: '$',
      message: `the client was still running at the case deadline of ${run.deadlineMs} ms; a hang counts as a crash`,
    })
  } else if (run.kind === 'threw') {
    if (isCrash(run.error)) {
      outcome = 'crashed'
      // A request the harness refused (an URL it does not emulate) fails fetch with a TypeError of ours:
      // the unhandled-request sentence below says what happened, a crash sentence would blame the client twice.
      const refusedByUs =
        input.unhandledUrls.length > 0 && run.error.name === 'TypeError' && /^fetch failed/.test(run.error.message)
      if (!refusedByUs) failures.push({ check: CHECK.crash, path: '$', message: crashMessage(run.error, traces) })
    } else {
      outcome = 'surfaced'
      if (servable && !quirk) failures.push(surfacedWhileServable(plan, run.error, traces, servedBy))
    }
  } else {
    outcome = input.resultFailures.length > 0 ? 'invalid' : 'valid'
    failures.push(...withCause(input.resultFailures, traces))
    // Retrying past a one-time fault is a pass: only a result with no served answer behind it fails.
    if (!servable && outcome === 'valid' && servedBy === null) {
      failures.push({
        check: CHECK.resultWithoutAnswer,
        path: '$',
        message: 'no step could serve, yet the client returned a result instead of surfacing the error',
      })
    }
    // A constant or cached result passes every check of its shape and tests no step: it is no pass.
    if (servable && traces.length === 0) {
      failures.push({
        check: CHECK.neverRouted,
        path: '$',
        message:
          'the client never called the router: it returned a result without sending a request, so this case tested no step of the cascade',
      })
    }
  }

  failures.push(...input.fidelityFailures)
  for (const url of input.unhandledUrls) {
    failures.push({
      check: CHECK.unhandledRequest,
      path: '$',
      message: `the client called ${url}, which the harness does not emulate; nothing was sent to the network`,
    })
  }
  if (
    input.enforceServedBy &&
    plan.expect.servedBy !== undefined &&
    run.kind === 'returned' &&
    servedBy !== plan.expect.servedBy
  ) {
    failures.push({
      check: CHECK.servedBy,
      path: '$.model',
      message: `the plan expects ${plan.expect.servedBy ?? 'no model'} to serve, but ${servedBy ?? 'no model'} did`,
    })
  }
  if (input.budgets.maxCostUsd !== undefined && costUsd > input.budgets.maxCostUsd) {
    failures.push({
      check: CHECK.budgetCost,
      path: '$.usage.cost',
      message: `the case cost $${costUsd.toFixed(6)}, over the budget of $${input.budgets.maxCostUsd}`,
    })
  }
  if (input.budgets.maxLatencyMs !== undefined && latencyMs > input.budgets.maxLatencyMs) {
    failures.push({
      check: CHECK.budgetLatency,
      path: '$',
      message: `the case took ${latencyMs} ms across its fallbacks, over the budget of ${input.budgets.maxLatencyMs} ms`,
    })
  }
  return {
    verdict: failures.length === 0 ? 'pass' : 'fail',
    outcome,
    failures,
    servedBy,
    servedStep,
    costUsd,
    latencyMs,
  }
}

/**
 * When the served step never saw part of the request (the router dropped what it does not support),
 * that is the cause of a broken answer: say so on the first failure.
 */
function withCause(failures: readonly CheckFailure[], traces: readonly RequestTrace[]): CheckFailure[] {
  const served = traces.at(-1)?.attempts.find((a) => a.status === 200 && a.dropped && a.dropped.length > 0)
  if (!served || failures.length === 0) return [...failures]
  const [first, ...rest] = failures as [CheckFailure, ...CheckFailure[]]
  const names = served.dropped!.map((p) => `\`${p}\``)
  const dropped = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '')
  const cause = `; the cause: ${stepLabel(served.step, served.model)} does not support ${dropped}, so the router dropped ${served.dropped!.length > 1 ? 'them' : 'it'} and the model never saw ${served.dropped!.length > 1 ? 'them' : 'it'} (the request does not set provider.require_parameters)`
  return [{ ...first, message: `${first.message}${cause}` }, ...rest]
}

function surfacedWhileServable(
  plan: Plan,
  error: { name: string; message: string },
  traces: readonly RequestTrace[],
  servedBy: string | null,
): CheckFailure {
  const thrown = `${error.name}: ${oneLine(error.message)}`
  const last = traces.at(-1)
  // No attempt at all: the router refused the request itself (models over the limit, an invalid id...).
  if (last && last.attempts.length === 0 && last.status >= 400) {
    return {
      check: CHECK.requestRejected,
      path: 'request',
      message: `the router rejected the whole request with ${last.status} before trying any step (the client surfaced ${thrown}), so ${plan.expect.servedBy} never got the chance to serve`,
    }
  }
  return {
    check: CHECK.surfacedWhileServable,
    path: '$',
    message: `the client threw ${thrown}, although ${servedBy ? `${servedBy} served an answer` : `${plan.expect.servedBy} could serve`}`,
  }
}

/** Names what the client was looking at when it crashed, when the trace shows it. */
function crashHint(traces: readonly RequestTrace[]): string {
  const last = traces.at(-1)
  if (!last) return ''
  const attempt = last.attempts.at(-1)
  if (last.status === 200 && last.servedBy === null) return `; it was handling an HTTP 200 whose body carried an error`
  if (last.status >= 400 && attempt)
    return `; it was handling the ${last.status} from ${stepLabel(attempt.step, attempt.model)}`
  if (last.quirk) return `; it was handling an answer with the quirk "${last.quirk}"`
  return ''
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat
}

function round(value: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(value * f) / f
}
