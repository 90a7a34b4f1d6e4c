import { cascadeOf } from '../../core/cascade.js'
import { createCassette } from '../../core/cassette/cassette.js'
import { parseRetryAfter, retryDelay } from '../../core/cassette/retry-after.js'
import { buildStepRequest } from '../../core/cassette/steps.js'
import { ANSWER_SOURCE_HEADER } from '../../core/emulator/index.js'
import type { ChatRequest, CheckFailure } from '../../core/types.js'
import { mapConcurrent } from '../../util/map-concurrent.js'
import { VERSION } from '../../version.js'
import type { AtomicWriteOptions } from '../fs/atomic-write.js'
import { scrubText } from './redact.js'
import { nestsDeeperThan } from '../../core/json-depth.js'
import { MAX_JSON_DEPTH, MAX_UPSTREAM_BODY_BYTES } from '../../schema/limits.js'
import { BodyTooLargeError, readTextCapped } from '../http/read-capped.js'
import { sha256Hex } from './sha256.js'
import { cassettePath, writeCassette } from './store.js'

/**
 * The live half of `record`: sends each step's exact request to the router and saves what came back.
 * Everything that touches the outside (fetch, sleep, clocks, the contract check) is an option, so
 * tests drive it against a server on 127.0.0.1 with a sleep that only records its durations.
 */

export interface RecordTarget {
  /** The scenario file (cassettes go next to it). */
  file: string
  scenario: { name: string; request: ChatRequest; expect?: { allowRefusal?: boolean | undefined } }
}

/** One request `record` will send. */
export interface RecordStep {
  scenario: string
  file: string
  step: number
  model: string
  /** The scenario's request (what the contract is checked against). */
  scenarioRequest: ChatRequest
  /** What is sent: the scenario's request pinned to this step (core/cassette `buildStepRequest`). */
  request: ChatRequest
  allowRefusal: boolean
  /** Where its cassette goes. */
  cassetteFile: string
}

/** Every step of every scenario, in cascade order. */
export function planRecording(targets: readonly RecordTarget[], cassettesFolder: string): RecordStep[] {
  return targets.flatMap(({ file, scenario }) =>
    cascadeOf(scenario.request).map((model, step) => ({
      scenario: scenario.name,
      file,
      step,
      model,
      scenarioRequest: scenario.request,
      request: buildStepRequest(scenario.request, model),
      allowRefusal: scenario.expect?.allowRefusal ?? false,
      cassetteFile: cassettePath(file, scenario.name, cassettesFolder, step, model),
    })),
  )
}

/**
 * Whether an answer was made by an emulator rather than a model, from its `x-cascade-answer-source`
 * (core/emulator `ANSWER_SOURCE_HEADER`, which `cascade-harness serve` sets and the real router never does):
 * `synthesized` (an answer the emulator wrote) and `none` (an error the emulator raised) are; a
 * `cassette` answer replays a recorded one (synthetic itself only if that recording was, which the
 * emulator then reports as `synthesized`); no header is the real router.
 */
export function isSyntheticAnswer(headers: Headers): boolean {
  const source = headers.get(ANSWER_SOURCE_HEADER)?.trim().toLowerCase()
  return source === 'synthesized' || source === 'none'
}

/** Judges a 200 answer against the scenario's contract (core/contract `checkCompletion`). */
export type CompletionCheck = (
  request: ChatRequest,
  completion: unknown,
  options: { allowRefusal: boolean },
) => CheckFailure[]

export interface RecordOptions {
  steps: readonly RecordStep[]
  /** The router's base URL, e.g. `https://openrouter.ai/api/v1`. */
  baseUrl: string
  apiKey: string
  /** Requests in flight at once (default 4). */
  concurrency?: number
  /** Retries of a 429 (or a 503 that says when to come back) before its answer is recorded as is (default 3). */
  maxRetries?: number
  /** The longest wait honoured from `Retry-After` (default 60 s). */
  maxRetryWaitMs?: number
  /** Gives up on one request after this long (default 120 s). */
  timeoutMs?: number
  /** The largest answer read (default MAX_UPSTREAM_BODY_BYTES); a larger one is not recorded. */
  maxBodyBytes?: number
  fetch?: typeof fetch
  sleep?: (ms: number) => Promise<void>
  /** Monotonic milliseconds, for latency (default `performance.now`). */
  now?: () => number
  /** Wall clock, for `recordedAt` and HTTP-date `Retry-After` (default `new Date()`). */
  date?: () => Date
  check?: CompletionCheck
  onStepStart?: (step: RecordStep) => void
  onStepDone?: (result: StepRecording) => void
  write?: AtomicWriteOptions
}

export interface StepRecording {
  step: RecordStep
  /** The final HTTP status, or null when no answer arrived (the request never reached the router). */
  status: number | null
  finishReason: string | null
  latencyMs: number
  /** The waits before each retry, in milliseconds. */
  waits: number[]
  /** Contract failures of a 200 answer (empty: it met the contract); null when not checked. */
  contract: CheckFailure[] | null
  /** The cassette file written, or null. */
  written: string | null
  /** Why nothing was recorded (a network error), scrubbed of the key. */
  error: string | null
  /** The router's `error.message` when the answer was an error (HTTP or inside a 200), scrubbed of the key. */
  errorMessage: string | null
  /** True when an emulator answered, not a model (`isSyntheticAnswer`): the cassette says `synthetic: true`. */
  synthetic: boolean
}

export const DEFAULT_RECORD_CONCURRENCY = 4
export const DEFAULT_MAX_RETRIES = 3
export const DEFAULT_MAX_RETRY_WAIT_MS = 60_000

/** Sends every step (at most `concurrency` at once) and writes a cassette for each answer, error or not. */
export async function recordSteps(options: RecordOptions): Promise<StepRecording[]> {
  return mapConcurrent(options.steps, options.concurrency ?? DEFAULT_RECORD_CONCURRENCY, async (step) => {
    options.onStepStart?.(step)
    const result = await recordStep(step, options)
    options.onStepDone?.(result)
    return result
  })
}

async function recordStep(step: RecordStep, options: RecordOptions): Promise<StepRecording> {
  const fetchFn = options.fetch ?? fetch
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const now = options.now ?? (() => performance.now())
  const date = options.date ?? (() => new Date())
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES
  const url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`
  const secrets = [options.apiKey]
  const waits: number[] = []
  const base: StepRecording = {
    step,
    status: null,
    finishReason: null,
    latencyMs: 0,
    waits,
    contract: null,
    written: null,
    error: null,
    errorMessage: null,
    synthetic: false,
  }

  for (let attempt = 0; ; attempt++) {
    const started = now()
    let response: Response
    let text: string
    try {
      response = await fetchFn(url, {
        method: 'POST',
        // Attribution headers are optional (docs/router-behaviour.md §8); the key is the only secret and goes nowhere else.
        headers: {
          Authorization: `Bearer ${options.apiKey}`,
          'Content-Type': 'application/json',
          'X-Title': 'cascade-harness record',
        },
        body: JSON.stringify(step.request),
        signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
      })
      text = await readTextCapped(response, options.maxBodyBytes ?? MAX_UPSTREAM_BODY_BYTES)
    } catch (error) {
      const reason =
        error instanceof BodyTooLargeError
          ? `${error.message}, the most record reads; nothing was saved`
          : describeNetworkError(error, url)
      return { ...base, latencyMs: Math.round(now() - started), error: scrubText(reason, secrets) }
    }
    const latencyMs = now() - started
    const retryAfter = response.headers.get('retry-after')
    const retryable = response.status === 429 || (response.status === 503 && retryAfter !== null)
    if (retryable && attempt < maxRetries) {
      const wait = retryDelay(
        parseRetryAfter(retryAfter, date().getTime()),
        attempt + 1,
        options.maxRetryWaitMs ?? DEFAULT_MAX_RETRY_WAIT_MS,
      )
      waits.push(wait)
      await sleep(wait)
      continue
    }
    return finish(step, response, text, latencyMs, base, options, date, secrets)
  }
}

async function finish(
  step: RecordStep,
  response: Response,
  text: string,
  latencyMs: number,
  base: StepRecording,
  options: RecordOptions,
  date: () => Date,
  secrets: string[],
): Promise<StepRecording> {
  const contentType = response.headers.get('content-type') ?? ''
  const parsed = parseJson(text)
  // Everything after this walks the body recursively (hash, redaction, canonical JSON, checks).
  if (parsed.ok && nestsDeeperThan(parsed.value, MAX_JSON_DEPTH)) {
    return {
      ...base,
      latencyMs: Math.round(latencyMs),
      error: `the answer nests deeper than ${MAX_JSON_DEPTH} levels, which no chat completion does; nothing was saved`,
    }
  }
  const isJson = parsed.ok && (contentType === '' || /json/i.test(contentType) || /^\s*[[{]/.test(text))
  const body: unknown = isJson ? parsed.value : text
  const synthetic = isSyntheticAnswer(response.headers)
  const cassette = createCassette({
    scenario: step.scenario,
    step: step.step,
    model: step.model,
    request: step.request,
    response: isJson
      ? { status: response.status, body }
      : { status: response.status, body, contentType: contentType || 'text/plain' },
    latencyMs,
    recordedAt: date().toISOString(),
    harnessVersion: VERSION,
    hash: sha256Hex,
    synthetic,
    // Only the origin is kept (core/cassette `recordingOrigin`): never credentials, a path or a query.
    recordedFrom: options.baseUrl,
  })
  await writeCassette(step.cassetteFile, cassette, { ...options.write, secrets })
  const choice = firstChoice(body)
  return {
    ...base,
    status: response.status,
    finishReason: typeof choice?.finish_reason === 'string' ? choice.finish_reason : null,
    latencyMs: Math.round(latencyMs),
    contract:
      response.status === 200 && options.check
        ? options.check(step.scenarioRequest, body, { allowRefusal: step.allowRefusal })
        : null,
    written: step.cassetteFile,
    errorMessage: errorMessageOf(body, secrets),
    synthetic,
  }
}

function errorMessageOf(body: unknown, secrets: string[]): string | null {
  if (typeof body === 'string') return body.trim() === '' ? null : scrubText(body.trim().slice(0, 200), secrets)
  const error = isObject(body) ? body.error : undefined
  const message = isObject(error) ? error.message : undefined
  return typeof message === 'string' ? scrubText(message, secrets) : null
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false }
  }
}

function firstChoice(body: unknown): Record<string, unknown> | undefined {
  if (!isObject(body) || !Array.isArray(body.choices)) return undefined
  const choice: unknown = body.choices[0]
  return isObject(choice) ? choice : undefined
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** "could not reach <url>: ECONNREFUSED" (fetch hides the reason in `cause`). */
function describeNetworkError(error: unknown, url: string): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `no answer from ${url} in time (${error.message})`
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause
  const reason =
    typeof cause?.code === 'string'
      ? cause.code
      : typeof cause?.message === 'string'
        ? cause.message
        : error instanceof Error
          ? error.message
          : String(error)
  return `could not reach ${url}: ${reason}`
}
