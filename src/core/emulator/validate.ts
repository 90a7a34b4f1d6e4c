import type { EmulatorOptions } from '../../schema/config.js'
import { cascadeOf } from '../cascade.js'
import { findModel } from '../catalog/lookup.js'
import type { Catalog, CatalogModel, ChatRequest } from '../types.js'
import type { RouterError } from './http.js'
import { availabilityObject } from './availability.js'
import { PROVIDER_PREFERENCE_KEYS } from '../catalog/providers.js'

/**
 * Request validation, the router's first stage: a failure here is a 400 for the whole request, no
 * model is tried and nothing falls back (docs/router-behaviour.md §2.1, §8.1 item 1).
 */

/** The keys the router accepts in `provider`; any other is its 400. */
const PROVIDER_KEYS = new Set(PROVIDER_PREFERENCE_KEYS)

/** The live router's cap on `models` (docs/router-behaviour.md §1.2; not in the docs). */
export const MAX_MODELS = 3

export type Validation =
  { ok: true; request: ChatRequest; cascade: string[]; models: CatalogModel[] } | { ok: false; error: RouterError }

export function validateChatRequest(
  body: unknown,
  catalog: Catalog,
  options: Pick<EmulatorOptions, 'modelCountsTowardLimit' | 'availabilityObject'>,
): Validation {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    // Unsourced wording: no capture of the router's answer to a non-object body is known.
    return fail('Invalid request body: expected a JSON object.')
  }
  const request = body as ChatRequest
  if (!Array.isArray(request.messages) || request.messages.length === 0) {
    // Live wording for a missing or empty `messages` (many captures; `prompt` is the legacy completions field).
    return fail('Input required: specify "prompt" or "messages"')
  }
  if (request.model !== undefined && typeof request.model !== 'string')
    return fail("Invalid 'model': expected a model ID string.")
  const models = request.models
  if (models !== undefined && (!Array.isArray(models) || !models.every((m) => typeof m === 'string'))) {
    return fail("Invalid 'models': expected an array of model ID strings.")
  }
  const counted = options.modelCountsTowardLimit ? cascadeOf(request).length : (models?.length ?? 0)
  if (counted > MAX_MODELS) return fail("'models' array must have 3 items or fewer.")

  const provider = request.provider
  if (provider !== undefined) {
    if (typeof provider !== 'object' || provider === null || Array.isArray(provider))
      return fail("Invalid 'provider': expected an object.")
    const unknown = Object.keys(provider).filter((key) => !PROVIDER_KEYS.has(key))
    // zod-style wording, as the router validates `provider` strictly (docs/router-behaviour.md §4.3).
    if (unknown.length > 0) return fail(`Unrecognized key(s) in object: ${unknown.map((k) => `'${k}'`).join(', ')}`)
  }

  const cascade = cascadeOf(request)
  if (cascade.length === 0) {
    // The live router would use the account's default model; the emulator has no account, so it says so.
    return fail('No model specified: send `model` or `models` (the emulator has no account default model).')
  }
  const entries: CatalogModel[] = []
  for (const id of cascade) {
    const entry = findModel(catalog, id) ?? retiredFreeVariant(catalog, id)
    if (entry === undefined) {
      // An unknown id anywhere in the cascade fails the whole request (docs/router-behaviour.md §1.2 leaves it open; a 400 is the safe reading).
      const error: RouterError = { message: `${id} is not a valid model ID`, code: 400 }
      if (options.availabilityObject)
        error.availability = availabilityObject({ code: 'model_not_found', retryable: false }, cascade)
      return { ok: false, error }
    }
    entries.push(entry)
  }
  return { ok: true, request, cascade, models: entries }
}

function fail(message: string): Validation {
  return { ok: false, error: { message, code: 400 } }
}

// Entries that stand for a `:free` variant the catalog no longer lists (see retiredFreeVariant).
const retired = new WeakSet<CatalogModel>()

/**
 * A `:free` id whose model the catalog lists without that variant: live, the router answers it with a
 * 404 "No endpoints found for <id>." and moves on to the next model (fixture lines of 2026-05-18 such as
 * `No endpoints found for z-ai/glm-4.6:free`; openclaw/openclaw#61472 added fallback for it; the docs list
 * `free_variant_ended` among the 404 availability codes). The step stands in the cascade with the base
 * model's facts and no endpoint (natural-faults.ts); an id unknown in every form is still a 400.
 */
function retiredFreeVariant(catalog: Catalog, id: string): CatalogModel | undefined {
  if (!id.endsWith(':free')) return undefined
  const base = findModel(catalog, id.slice(0, -':free'.length))
  if (base === undefined) return undefined
  const entry: CatalogModel = { ...base, id }
  retired.add(entry)
  return entry
}

/** Whether a cascade entry stands for a retired `:free` variant (validate.ts made it). */
export function isRetiredFreeVariant(model: CatalogModel): boolean {
  return retired.has(model)
}
