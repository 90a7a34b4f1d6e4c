import { loadedExactCounter } from '../tokens/index.js'
import type { Catalog, CatalogModel, ChatRequest } from '../types.js'
import { inspectStep, type StepFacts, type StepOptions } from './natural-faults.js'

/**
 * What the router decides about a request before any provider is called, kept per request text: each
 * step's natural facts (natural-faults.ts `inspectStep`: the schema checks, the window, the providers)
 * and that the window check has loaded what it needs. Every case of a scenario sends the same body, each
 * parsed afresh, so caches keyed by object miss; these decisions were about a third of the emulator's
 * work on a judged case. They depend on the text, the catalog, the step options (`unsupportedParameter`,
 * `providerFilters`) and whether the exact tokenizer is loaded, and on nothing a plan or a seed changes. The facts are shared between
 * requests: nothing downstream mutates them.
 */
export interface RequestFacts {
  /** The facts of one step of this request (computed on first use). */
  step(model: CatalogModel, modelId: string, request: ChatRequest): StepFacts
}

interface Entry extends RequestFacts {
  options: StepOptions
  exact: boolean
}

const byCatalog = new WeakMap<Catalog, Map<string, Entry>>()
/** Bounded: a run's scenarios send a few distinct bodies; a request text can be large. */
const MAX_ENTRIES = 64
const MAX_TEXT = 1 << 20

/** The facts of a request text already prepared with these options, else undefined. */
export function knownRequestFacts(catalog: Catalog, text: string, options: StepOptions): RequestFacts | undefined {
  const entry = byCatalog.get(catalog)?.get(text)
  if (entry === undefined) return undefined
  const same =
    entry.options.unsupportedParameter === options.unsupportedParameter &&
    entry.options.providerFilters === options.providerFilters &&
    entry.exact === (loadedExactCounter() !== undefined)
  return same ? entry : undefined
}

/** Keeps the facts of a request text once its window check is prepared (`prepareWindowCount` awaited). */
export function rememberRequestFacts(catalog: Catalog, text: string, options: StepOptions): RequestFacts {
  const steps = new Map<string, StepFacts>()
  // Only the switches a step's pre-flight reads: the setup's other options must not change the key.
  const stepOptions: StepOptions = {
    unsupportedParameter: options.unsupportedParameter,
    providerFilters: options.providerFilters,
  }
  const entry: Entry = {
    options: stepOptions,
    exact: loadedExactCounter() !== undefined,
    step(model, modelId, request) {
      let facts = steps.get(modelId)
      if (facts === undefined) {
        facts = inspectStep(model, modelId, request, stepOptions)
        steps.set(modelId, facts)
      }
      return facts
    },
  }
  if (text.length > MAX_TEXT) return entry
  let texts = byCatalog.get(catalog)
  if (texts === undefined) byCatalog.set(catalog, (texts = new Map()))
  if (texts.size >= MAX_ENTRIES) texts.clear()
  texts.set(text, entry)
  return entry
}
