import type { EmulatorOptions } from '../../schema/config.js'
import { contextLengthOf, findModel } from '../catalog/lookup.js'
import type { Catalog, CatalogModel, ChatRequest } from '../types.js'
import { routeProviders, type ProviderRoute } from '../catalog/providers.js'
import { isRetiredFreeVariant } from './validate.js'
import { findSchemaRejection, type RejectedSchema } from './schema-rejections.js'
import { windowNeed, type PromptEstimate } from '../tokens/index.js'
import { ROUTED_PARAMETERS } from '../catalog/parameters.js'

/**
 * Natural faults: how the router fails a step by itself, from catalog facts alone, with no fault
 * injected (docs/router-behaviour.md §1.6, §2.2, §4.3), and the one provider refusal known from the request alone:
 * a schema feature the step's family rejects (schema-rejections.ts, docs/schema-portability.md). The emulator applies them before the plan; lint and the
 * matrix read the same facts, so "lint warns", "the matrix expects a skip" and "the emulator skips"
 * can never disagree.
 */

export type NaturalFault =
  /** No endpoint is left: `parameters` under `require_parameters: true`, `tool_use` for tools (live ≤ mid-2026). */
  | { fault: 'no_endpoint'; reason: 'parameters' | 'tool_use'; parameters: string[] }
  /**
   * The provider preferences left no endpoint of the model: `only` / `ignore` / `order` + `allow_fallbacks: false`,
   * or an endpoint filter (`zdr`, `data_collection`, `quantizations`, `max_price`; core/catalog/endpoints.ts).
   */
  | { fault: 'no_endpoint'; reason: 'providers'; route: Extract<ProviderRoute, { ok: false }> }
  /** A `:free` variant the catalog no longer lists (validate.ts `isRetiredFreeVariant`). */
  | { fault: 'no_endpoint'; reason: 'retired'; message: string }
  /**
   * Prompt plus reserved output exceed the window: the router's pre-flight 400. The figures are the
   * shared estimate (core/tokens), the one lint's `context-window` rule reads.
   */
  | { fault: 'context_length'; contextLength: number; prompt: PromptEstimate; output: number }
  /**
   * The step's provider family rejects a JSON Schema feature the request sends (docs/schema-portability.md,
   * confirmed facts only): the provider's 400, wrapped by the router (docs/router-behaviour.md §4.2). `provider` is
   * the one the router tried (the first of the step's route); a 400 does not move on to its other providers.
   */
  | ({ fault: 'schema_rejected'; provider: string } & RejectedSchema)

export interface StepFacts {
  /** Request parameters the model does not list in `supported_parameters`, in request vocabulary order. */
  unsupported: string[]
  /** How the router fails this step by itself, or null when it can serve. */
  natural: NaturalFault | null
  /** Parameters the step silently drops when it serves (the router's default without `require_parameters`). */
  dropped: string[]
  /** The providers the router tries for this step, in order (empty when `natural` says none is left). */
  providers: readonly string[]
}

/** The emulator switches a step's pre-flight reads; `providerFilters` defaults to the documented `enforce`. */
export type StepOptions = Pick<EmulatorOptions, 'unsupportedParameter'> &
  Partial<Pick<EmulatorOptions, 'providerFilters'>>

/**
 * What the router does with this request at this model, before any provider is called.
 *
 * @example
 * inspectStep(mythomax, 'gryphe/mythomax-l2-13b:free', { messages, tools }, { unsupportedParameter: '404' }).natural
 * // { fault: 'no_endpoint', reason: 'tool_use', parameters: ['tools'] }
 */
export function inspectStep(
  model: CatalogModel,
  modelId: string,
  request: ChatRequest,
  options: StepOptions,
): StepFacts {
  const unsupported = unsupportedParameters(model, request)
  const fails = (natural: NaturalFault): StepFacts => ({ unsupported, natural, dropped: [], providers: [] })
  if (isRetiredFreeVariant(model))
    return fails({ fault: 'no_endpoint', reason: 'retired', message: `No endpoints found for ${modelId}.` })
  const route = routeProviders(model, modelId, request.provider, options.providerFilters)
  if (!route.ok) return fails({ fault: 'no_endpoint', reason: 'providers', route })
  if (unsupported.length > 0) {
    // require_parameters is a hard filter: every endpoint lacking a sent parameter is excluded (D-PS).
    // A missing tool capability is reported with the router's tool-use wording (docs/router-behaviour.md §4.3).
    if (request.provider?.require_parameters === true) {
      return fails({
        fault: 'no_endpoint',
        reason: unsupported.includes('tools') ? 'tool_use' : 'parameters',
        parameters: unsupported,
      })
    }
    // Without it, tools were a 404 on the live router until mid-2026; the 2026-08 docs drop them
    // instead. Other parameters (response_format included) have always been dropped silently.
    if (options.unsupportedParameter === '404' && unsupported.includes('tools')) {
      return fails({ fault: 'no_endpoint', reason: 'tool_use', parameters: ['tools'] })
    }
  }
  const window = contextLengthOf(model)
  const need = window === undefined ? undefined : windowNeed(request, window)
  if (window !== undefined && need !== undefined && need.total > window) {
    return fails({
      fault: 'context_length',
      contextLength: window,
      prompt: need.estimate,
      output: need.output?.tokens ?? 0,
    })
  }
  // Last: the router's own checks passed and it forwards the request, whose schema the provider refuses.
  const rejected = findSchemaRejection(model, modelId, request)
  if (rejected !== null) return fails({ fault: 'schema_rejected', provider: route.providers[0] ?? '', ...rejected })
  return { unsupported, natural: null, dropped: unsupported, providers: route.providers }
}

/**
 * Whether the router can serve this request from this step by itself (no natural fault). False for
 * an id the catalog does not know: such a request is a 400 before any step (validate.ts).
 */
export function canStepServe(request: ChatRequest, modelId: string, catalog: Catalog, options: StepOptions): boolean {
  const model = findModel(catalog, modelId)
  return model !== undefined && inspectStep(model, modelId, request, options).natural === null
}

/** The request's routed parameters that the model does not support. */
export function unsupportedParameters(model: CatalogModel, request: ChatRequest): string[] {
  const supported = model.supported_parameters
  const missing: string[] = []
  for (const name of ROUTED_PARAMETERS) {
    if (isSent(request[name]) && !supported.includes(name)) missing.push(name)
  }
  return missing
}

/**
 * Whether the router would put a moderation check in front of this model (docs/router-behaviour.md §4.3: only
 * moderated models flag input). The emulator still applies a planned `moderation` fault to any model,
 * because a plan is an explicit instruction; the matrix and lint use this to avoid planning one that
 * cannot happen.
 */
export function canBeModerated(model: CatalogModel): boolean {
  return model.top_provider.is_moderated
}

function isSent(value: unknown): boolean {
  if (value === undefined || value === null) return false
  return !Array.isArray(value) || value.length > 0
}
