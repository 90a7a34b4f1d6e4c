import type { ChatRequest } from '../types.js'
import type { CassetteLookup, RecordedAnswer } from '../emulator/types.js'
import { canonicalJson, canonicalRequest, changedPaths, requestHash as hashRequest, type HashFn } from './canonical.js'
import { cascadeOf, stepLabel } from '../cascade.js'
import type { Cassette } from './schema.js'

/** A cassette and where it was read from (the store fills `file`; in-memory cassettes have none). */
export type LoadedCassette = Cassette & { file?: string }

export interface NewCassette {
  scenario: string
  step: number
  model: string
  /** The step request as sent (model pinned); only its canonical form is stored. */
  request: ChatRequest
  response: { status: number; body: unknown; contentType?: string }
  latencyMs: number
  recordedAt: string
  harnessVersion: string
  hash: HashFn
  /** True when an emulator answered, not a model (adapters/cassette-store `isSyntheticAnswer` reads `x-cascade-answer-source`). */
  synthetic?: boolean
  /** The base URL recorded from: only its origin is stored (`recordingOrigin`), never credentials, a path or a query. */
  recordedFrom?: string
}

/**
 * What a cassette keeps of the base URL it was recorded from: scheme, host and port
 * (`https://user:key@openrouter.ai/api/v1?x=1` → `https://openrouter.ai`); undefined when it is not
 * an http(s) URL.
 */
export function recordingOrigin(baseUrl: string): string | undefined {
  let url: URL
  try {
    url = new URL(baseUrl)
  } catch {
    return undefined
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined
}

/** Builds the cassette for one recorded step; the hash covers exactly the stored `request`. */
export function createCassette(input: NewCassette): Cassette {
  const request = canonicalRequest(input.request)
  const response: Cassette['response'] = { status: input.response.status, body: input.response.body }
  if (input.response.contentType !== undefined) response.contentType = input.response.contentType
  const recordedFrom = input.recordedFrom === undefined ? undefined : recordingOrigin(input.recordedFrom)
  return {
    version: 1,
    scenario: input.scenario,
    step: input.step,
    model: input.model,
    requestHash: input.hash(canonicalJson(request)),
    request,
    response,
    latencyMs: Math.round(input.latencyMs),
    recordedAt: input.recordedAt,
    harness: { version: input.harnessVersion },
    // Only when true: a real recording's file has no `synthetic` key, as before the field existed.
    ...(input.synthetic === true ? { synthetic: true } : {}),
    ...(recordedFrom !== undefined ? { recordedFrom } : {}),
  }
}

/**
 * The emulator's view of a scenario's cassettes: `find(model, stepRequest)` answers only when a
 * cassette for that model was recorded from a request with the same canonical form. Looked up by
 * model rather than step index, so reordering the cascade keeps every cassette fresh.
 *
 * @example
 * const lookup = createCassetteLookup(await readCassettes(dir), sha256Hex)
 * createEmulator({ ..., cassettes: lookup })
 */
export function createCassetteLookup(cassettes: readonly Cassette[], hash: HashFn): CassetteLookup {
  const byKey = new Map<string, Cassette>()
  for (const cassette of cassettes) {
    const key = `${cassette.model}\n${cassette.requestHash}`
    const seen = byKey.get(key)
    // Two files for the same key (an old step index left behind): the most recent recording wins.
    if (!seen || seen.recordedAt < cassette.recordedAt) byKey.set(key, cassette)
  }
  // The emulator asks once per attempt with the same request object; hash it once.
  const hashes = new WeakMap<object, string>()
  return {
    find(model: string, stepRequest: ChatRequest): RecordedAnswer | undefined {
      let requestHash = hashes.get(stepRequest)
      if (requestHash === undefined) {
        requestHash = hashRequest(stepRequest, hash)
        hashes.set(stepRequest, requestHash)
      }
      const cassette = byKey.get(`${model}\n${requestHash}`)
      if (!cassette) return undefined
      const answer: RecordedAnswer = {
        status: cassette.response.status,
        body: structuredClone(cassette.response.body),
        latencyMs: cassette.latencyMs,
      }
      // An emulator's recording replays as synthesized, never as a real answer (a cassette without the field is real).
      if (cassette.synthetic === true) answer.synthetic = true
      return answer
    },
  }
}

export type CassetteState = 'fresh' | 'stale' | 'missing'

export interface StepCassetteStatus {
  step: number
  model: string
  state: CassetteState
  /** The hash the step's request has today. */
  expectedHash: string
  /** The hash of the cassette found for this model (stale), or null (missing). */
  recordedHash: string | null
  recordedAt: string | null
  file: string | null
  /** Stale only: JSON paths of the canonical request that changed since recording (at most 5). */
  changed: string[]
  /** One sentence for a report: what is wrong and how to fix it (empty when fresh). */
  message: string
}

/**
 * For each step of the scenario's cascade, whether a cassette answers today's request: `fresh` (a
 * cassette with the same model and hash), `stale` (a cassette for the model, recorded from a
 * different request), or `missing`.
 */
export function cassetteStatus(
  request: ChatRequest,
  cassettes: readonly LoadedCassette[],
  hash: HashFn,
): StepCassetteStatus[] {
  const current = canonicalRequest(request)
  const expectedHash = hash(canonicalJson(current))
  return cascadeOf(request).map((model, step) => {
    const forModel = cassettes.filter((c) => c.model === model)
    const fresh = forModel.find((c) => c.requestHash === expectedHash)
    if (fresh) {
      return {
        step,
        model,
        state: 'fresh',
        expectedHash,
        recordedHash: fresh.requestHash,
        recordedAt: fresh.recordedAt,
        file: fresh.file ?? null,
        changed: [],
        message: '',
      }
    }
    const latest = [...forModel].sort((a, b) => (a.recordedAt < b.recordedAt ? 1 : -1))[0]
    if (!latest) {
      return {
        step,
        model,
        state: 'missing',
        expectedHash,
        recordedHash: null,
        recordedAt: null,
        file: null,
        changed: [],
        message: `${stepLabel(step, model)} has no cassette. Fix: run \`cascade-harness record\` to record it.`,
      }
    }
    const changed = changedPaths(latest.request, current)
    const what = changed.length > 0 ? `${changed.join(', ')} changed` : 'the request changed'
    return {
      step,
      model,
      state: 'stale',
      expectedHash,
      recordedHash: latest.requestHash,
      recordedAt: latest.recordedAt,
      file: latest.file ?? null,
      changed,
      message: `${stepLabel(step, model)} has a stale cassette: ${what} since it was recorded on ${latest.recordedAt}. Fix: run \`cascade-harness record\` again and commit the new cassette.`,
    }
  })
}
