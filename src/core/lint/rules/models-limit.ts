import type { Catalog, LintFinding } from '../../types.js'
import { classifyModelId } from '../model-ids.js'
import type { LintContext } from '../types.js'
import { list } from '../../words.js'

/** The router's limit on `models` (docs/router-behaviour.md §1.2: live 400 above 3, not in the docs or the OpenAPI spec). */
export const MODELS_LIMIT = 3

/**
 * `models-limit`: more than 3 entries in `models` is a request-validation 400 with the router's words
 * "'models' array must have 3 items or fewer."; the whole request fails and no fallback happens.
 */
export function modelsLimit({ request, catalog, options }: LintContext): LintFinding[] {
  const models = Array.isArray(request.models) ? request.models : []
  // With `modelCountsTowardLimit`, a `model` outside `models` takes one of the 3 places.
  const extraModel =
    options.modelCountsTowardLimit && typeof request.model === 'string' && !models.includes(request.model)
  const counted = models.length + (extraModel ? 1 : 0)
  if (counted <= MODELS_LIMIT) return []
  const written = extraModel ? [request.model as string, ...models] : models
  // The fix proposes ids the router accepts: a misspelt id is proposed as its did-you-mean (the
  // unknown-model and foreign-model-id findings say why), and an id proposed twice only once.
  const entries = [...new Set(written.map((id) => corrected(id, catalog)))]
  const kept = entries.slice(0, MODELS_LIMIT)
  const moved = entries.slice(MODELS_LIMIT)
  const what = extraModel
    ? `'model' and 'models' name ${counted} models together (counting 'model', as configured)`
    : `'models' has ${counted} entries`
  return [
    {
      rule: 'models-limit',
      severity: 'error',
      step: null,
      path: 'request.models',
      message: `${what}, and the router allows at most ${MODELS_LIMIT}: it answers 400 "'models' array must have ${MODELS_LIMIT} items or fewer." Every request fails with that 400 and no fallback happens, not even to the first model.`,
      fix:
        moved.length > 0
          ? `Keep ${MODELS_LIMIT} (${list(kept)}) and move ${list(moved)} into a client-side stage that calls the router again when this request fails.`
          : `Keep ${list(kept)}, each written once, so that models has at most ${MODELS_LIMIT} entries.`,
    },
  ]
}

/** The id to propose for a written one: its did-you-mean when it is not a catalog id and has one. */
function corrected(id: string, catalog: Catalog): string {
  if (typeof id !== 'string') return id
  const kind = classifyModelId(id, catalog)
  return (kind.kind === 'unknown' || kind.kind === 'foreign') && kind.suggestion ? kind.suggestion : id
}
