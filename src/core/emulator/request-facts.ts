import { loadedExactCounter } from '../tokens/index.js'
import type { Catalog, CatalogModel, ChatRequest } from '../types.js'
import { inspectStep, type StepFacts, type StepOptions } from './natural-faults.js'

/**
 * What the emulator learns from a request body before any provider is called, kept per request text:
 * the parsed body itself, and each step's natural facts (natural-faults.ts `inspectStep`: the schema
 * checks, the window, the providers) once the window check has loaded what it needs. Every case of a
 * scenario sends the same text; parsed afresh each time, every cache keyed by object (compiled schemas,
 * prompt estimates, answer pools) missed and fell back to a `JSON.stringify` of its key, and the
 * pre-flight decisions were redone at every step: together about half of the emulator's work on a
 * judged reference case (docs/performance.md).
 *
 * The body is shared by every request that sent the same text, so it is frozen: nothing downstream may
 * change it (a step's request is a copy), and an attempt throws instead of leaking into the next case.
 * The facts depend on the text, the catalog, the step options (`unsupportedParameter`,
 * `providerFilters`) and whether the exact tokenizer is loaded; on nothing a plan or a seed changes.
 */
export interface RequestFacts {
  /** The facts of one step of this request (computed on first use). */
  step(model: CatalogModel, modelId: string, request: ChatRequest): StepFacts
}

/** The request text as JSON: the parsed value (shared, frozen), or not JSON at all. */
export type ParsedBody = { ok: true; body: unknown } | { ok: false }

interface Facts extends RequestFacts {
  catalog: Catalog
  options: StepOptions
  exact: boolean
}

interface Entry {
  parsed: ParsedBody
  /** One per catalog and step options the text was sent with: usually one. */
  facts: Facts[]
}

const byText = new Map<string, Entry>()
/** Bounded: a run's scenarios send a few distinct bodies; a request text can be large. */
const MAX_ENTRIES = 64
const MAX_TEXT = 1 << 20
const MAX_FACTS = 8

// A text over MAX_TEXT is kept alone, for the lookups of the request that sent it.
let large: { text: string; entry: Entry } | undefined

function entryOf(text: string): Entry {
  if (text.length > MAX_TEXT) {
    if (large?.text !== text) large = { text, entry: { parsed: parse(text), facts: [] } }
    return large.entry
  }
  let entry = byText.get(text)
  if (entry === undefined) {
    entry = { parsed: parse(text), facts: [] }
    if (byText.size >= MAX_ENTRIES) byText.clear()
    byText.set(text, entry)
  }
  return entry
}

/** The request text parsed once per distinct text; the body is frozen, as every request that sends it shares it. */
export function parsedBody(text: string): ParsedBody {
  return entryOf(text).parsed
}

/** The facts of a request text already prepared for this catalog and these options, else undefined. */
export function knownRequestFacts(catalog: Catalog, text: string, options: StepOptions): RequestFacts | undefined {
  const exact = loadedExactCounter() !== undefined
  return entryOf(text).facts.find(
    (facts) =>
      facts.catalog === catalog &&
      facts.exact === exact &&
      facts.options.unsupportedParameter === options.unsupportedParameter &&
      facts.options.providerFilters === options.providerFilters,
  )
}

/** Keeps the facts of a request text once its window check is prepared (`prepareWindowCount` awaited). */
export function rememberRequestFacts(catalog: Catalog, text: string, options: StepOptions): RequestFacts {
  const steps = new Map<string, StepFacts>()
  // Only the switches a step's pre-flight reads: the setup's other options must not change the key.
  const stepOptions: StepOptions = {
    unsupportedParameter: options.unsupportedParameter,
    providerFilters: options.providerFilters,
  }
  const facts: Facts = {
    catalog,
    options: stepOptions,
    exact: loadedExactCounter() !== undefined,
    step(model, modelId, request) {
      let found = steps.get(modelId)
      if (found === undefined) {
        found = inspectStep(model, modelId, request, stepOptions)
        steps.set(modelId, found)
      }
      return found
    },
  }
  const all = entryOf(text).facts
  if (all.length >= MAX_FACTS) all.length = 0
  all.push(facts)
  return facts
}

function parse(text: string): ParsedBody {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return { ok: false }
  }
  return { ok: true, body: deepFreeze(body) }
}

/** Freezes a parsed JSON value and everything in it; iterative, so a deeply nested body cannot overflow the stack. */
function deepFreeze<T>(value: T): T {
  const pending: unknown[] = [value]
  while (pending.length > 0) {
    const next = pending.pop()
    if (typeof next !== 'object' || next === null || Object.isFrozen(next)) continue
    Object.freeze(next)
    for (const child of Object.values(next)) pending.push(child)
  }
  return value
}
