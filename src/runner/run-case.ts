import { createEmulator } from '../core/emulator/index.js'
import { judgeCase, STOPPED_BY_HARNESS, type Judgement } from '../core/judge.js'
import {
  checkRequestFidelity,
  checkResult,
  checkWireAnswers,
  validateStandard,
  wireValuesOf,
} from '../core/contract/index.js'
import { referenceClient } from '../clients/reference.js'
import { isTransportFault } from '../adapters/intercept/case-route.js'
import type { Catalog, CheckFailure, JsonSchema, Plan, RequestTrace, StepAnswerCheck } from '../core/types.js'
import { appSchemaOf } from './app-schema.js'
import type { CassetteLookup } from '../core/emulator/types.js'
import type { Config } from '../schema/config.js'
import type { Scenario } from '../schema/scenario.js'
import { captureRun } from './capture-run.js'
import { directFetch } from './direct-fetch.js'
import { clientExit, describeUserError } from '../adapters/process/user-code-guard.js'
import { realClock } from '../util/real-clock.js'
import type { ClientRun } from '../core/judge.js'
import type { ExecHost } from './exec/host.js'

import { OPENROUTER_BASE_URL } from '../core/router-url.js'

export interface CaseSetup {
  scenario: Scenario
  steps: readonly string[]
  plan: Plan
  catalog: Catalog
  config: Config
  seed: number
  cassettes?: CassetteLookup
  enforceServedBy: boolean
  /** An error the client's code left uncaught after its case ended (a late timer): the runner reports it. */
  onLateUserError?(error: unknown): boolean
  /** For `{ exec }` clients: the run's host (one HTTP server per run) and where the command runs. */
  exec?: { host: ExecHost; cwd: string; file: string; onStrays?: (count: number) => void }
}

export interface CaseResult extends Judgement {
  traces: readonly RequestTrace[]
  run: ClientRun
  /** Whether each served step's answer met the request's contract, on the wire. */
  answers: StepAnswerCheck[]
  /** URLs of other hosts the client called and got a network error for, under otherHosts: 'refuse' (not judged). */
  refusedUrls: string[]
}

const requestText = new WeakMap<Scenario, string>()
let intercept: typeof import('../adapters/intercept/index.js') | undefined
/**
 * `expect.result` as JSON Schema: synthesized answers then also meet what the app checks (bounds an
 * app keeps in zod because a provider rejects them in JSON Schema), and `outside_app_schema` breaks it.
 */
function answerHintOf(scenario: Scenario): { schema: JsonSchema } | undefined {
  const schema = appSchemaOf(scenario)
  return schema === undefined ? undefined : { schema }
}

/**
 * A copy of the scenario's request a client may mutate without touching the next case. The request is
 * JSON by nature (it goes over the wire), so parsing its text once serialized is the cheapest deep copy
 * (about a third of structuredClone's cost on the bundled scenario: measured by `npm run bench`).
 */
function freshRequest(scenario: Scenario): Scenario['request'] {
  return JSON.parse(requestJson(scenario)) as Scenario['request']
}

/** The scenario's request serialized, once per scenario. */
function requestJson(scenario: Scenario): string {
  let text = requestText.get(scenario)
  if (text === undefined) {
    text = JSON.stringify(scenario.request)
    requestText.set(scenario, text)
  }
  return text
}

/** The reason a case's signal ends with, made once: a DOMException per case captured a stack each time. */
const CASE_OVER = new DOMException('This operation was aborted', 'AbortError')

/**
 * The case's end as an AbortSignal, made only when something takes it: only a reply played in real time
 * (a wait, a stall, a stream chunk by chunk) does, and aborting a signal nobody holds still builds and
 * dispatches an abort Event, about a tenth of a judged reference case. A signal taken after the case
 * ended (a client's late timer) is already aborted, as the shared one would be.
 */
class CaseEnd {
  private controller: AbortController | undefined
  private over = false

  get signal(): AbortSignal {
    if (this.over) return AbortSignal.abort(CASE_OVER)
    this.controller ??= new AbortController()
    return this.controller.signal
  }

  end(): void {
    this.over = true
    this.controller?.abort(CASE_OVER)
  }
}

/** A fixed `created` timestamp keeps reports byte-identical for a seed. */
const FIXED_NOW = () => 1_764_000_000

/** Runs one plan against one scenario's client and judges what happened. */
export async function runCase(setup: CaseSetup): Promise<CaseResult> {
  const { scenario, plan, config } = setup
  const answerHint = answerHintOf(scenario)
  // Ends every wait and stall the client left open once the case is judged (a client without a timeout
  // that ignores the deadline's signal must not keep the run alive).
  const caseOver = new CaseEnd()
  const emulator = createEmulator({
    clock: realClock,
    get signal() {
      return caseOver.signal
    },
    catalog: setup.catalog,
    plan,
    cascade: setup.steps,
    seed: setup.seed,
    options: config.emulator,
    cassettes: setup.cassettes,
    now: FIXED_NOW,
    ...(answerHint ? { answerHint } : {}),
  })
  const deadlineMs = scenario.deadlineMs ?? config.deadlineMs
  const unhandledUrls: string[] = []
  const emulatorErrors: unknown[] = []
  // An emulator that throws (other than a reset connection it plays) is our bug: it must end the run
  // as one (exit 3), never reach the client as "the connection failed" and be judged as its verdict.
  const keepEmulatorError = (error: unknown) => {
    if (!isTransportFault(error)) emulatorErrors.push(error)
  }
  const fetchViaEmulator: typeof fetch = async (input, init) => {
    // Bad input from a client (a relative URL) throws here, as fetch rejects: the client's mistake.
    const request = new Request(input, init)
    try {
      return await emulator.handle(request)
    } catch (error) {
      keepEmulatorError(error)
      throw error
    }
  }
  const client = scenario.client

  let run: ClientRun
  try {
    if (client === 'reference') {
      // The reference client only serializes the request, so it needs no defensive copy (a hot path).
      run = await captureRun(
        (signal) =>
          referenceClient({
            request: scenario.request,
            requestText: requestJson(scenario),
            fetch: directFetch(emulator, keepEmulatorError),
            baseUrl: OPENROUTER_BASE_URL,
            signal,
          }),
        deadlineMs,
      )
    } else if (typeof client === 'function') {
      // Already running when the client's module was imported (openRun starts it then); loaded here
      // only on a function client's first case, so the reference and exec clients never load msw.
      const interception = (intercept ??= await import('../adapters/intercept/index.js')).startInterception()
      const userErrors: unknown[] = []
      let finished = false
      const onUserError = (error: unknown): boolean => {
        if (finished) return setup.onLateUserError?.(error) ?? false
        userErrors.push(error)
        return true
      }
      run = await interception.runInCase(
        {
          emulator,
          onUnhandled: (url) => unhandledUrls.push(withoutCredentials(url)),
          onEmulatorError: (error) => emulatorErrors.push(error),
          onUserError,
        },
        () =>
          captureRun(
            async (signal) =>
              client({
                request: freshRequest(scenario),
                signal,
                baseUrl: OPENROUTER_BASE_URL,
                fetch: fetchViaEmulator,
              }),
            deadlineMs,
          ),
      )
      finished = true
      // An error the client left uncaught while its case ran is a crash, whatever it returned.
      if (userErrors.length > 0)
        run = { kind: 'threw', error: { name: STOPPED_BY_HARNESS, message: describeUserError(userErrors[0]) } }
      else if (run.kind === 'threw' && run.error.name === STOPPED_BY_HARNESS)
        run = { kind: 'threw', error: { name: STOPPED_BY_HARNESS, message: clientExit(run.error.message) } }
    } else {
      if (!setup.exec) throw new Error('an exec client needs the exec host of the run (runScenarios passes it)')
      run = await setup.exec.host.runCase({
        command: client.exec,
        cwd: setup.exec.cwd,
        file: setup.exec.file,
        caseId: plan.id,
        requestJson: requestJson(scenario),
        emulator,
        deadlineMs,
        onUnhandled: (url) => unhandledUrls.push(url),
        onEmulatorError: (error) => emulatorErrors.push(error),
        onStrays: setup.exec.onStrays,
      })
    }
  } finally {
    caseOver.end()
  }

  // The client saw a network error, but the emulator failed: our bug, never a client's verdict.
  if (emulatorErrors.length > 0) throw emulatorErrors[0]

  // Two checks kept apart (README.md "The default matrix"): the app's result by the app's schema when it has one,
  // else by a structural guess; the answer each step sent, by the request's contract (reported per step).
  const resultFailures: CheckFailure[] = []
  if (run.kind === 'returned') {
    if (scenario.expect.result) resultFailures.push(...(await validateStandard(scenario.expect.result, run.value)))
    else
      resultFailures.push(
        ...checkResult(scenario.request, run.value, {
          allowRefusal: scenario.expect.allowRefusal,
          wireValues: () => wireValuesOf(emulator.traces),
        }),
      )
  }
  const answers = checkWireAnswers(emulator.traces, { allowRefusal: scenario.expect.allowRefusal })
  // Only chat completions carry the scenario's request; a client may also read the model list.
  const fidelityFailures = emulator.traces
    .filter((trace) => trace.method === 'POST' && trace.url.endsWith('/chat/completions'))
    .flatMap((trace) => checkRequestFidelity(scenario.request, trace.body, trace.attempts[0]?.step ?? 0))
  // Nothing ever reaches the network; with otherHosts: 'refuse' a refused call is only noted, not judged.
  const refuseOthers = (scenario.otherHosts ?? config.otherHosts) === 'refuse'
  const judgement = judgeCase({
    plan,
    run,
    traces: emulator.traces,
    resultFailures,
    fidelityFailures,
    unhandledUrls: refuseOthers ? [] : unhandledUrls,
    budgets: {
      maxCostUsd: scenario.expect.maxCostUsd ?? config.budgets.maxCostUsd,
      maxLatencyMs: scenario.expect.maxLatencyMs ?? config.budgets.maxLatencyMs,
    },
    enforceServedBy: setup.enforceServedBy,
  })
  return {
    ...judgement,
    traces: emulator.traces,
    run,
    answers,
    refusedUrls: refuseOthers ? [...new Set(unhandledUrls)] : [],
  }
}

/** The origin and path of a URL: a query string or user info may hold a key, and neither helps the reader. */
function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url)
    // tcp:// and udp:// (raw sockets the harness refused) have no origin of their own.
    const origin = parsed.origin === 'null' ? `${parsed.protocol}//${parsed.host}` : parsed.origin
    return `${origin}${parsed.pathname}${parsed.search ? '?…' : ''}`
  } catch {
    return url.replace(/[?#].*$/, '')
  }
}
