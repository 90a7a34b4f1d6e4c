import { cascadeOf } from '../cascade.js'
import { datedSlugOf, findModel } from '../catalog/lookup.js'
import { canBeModerated, canStepServe, inspectStep, type StepOptions } from '../emulator/natural-faults.js'
import type { FaultDefinition, ModelHabitScope } from '../faults.js'
import { familyOf } from '../catalog/families.js'
import { generateMatrix } from './matrix.js'
import type { Catalog, CatalogModel, ChatRequest, Plan } from '../types.js'

/**
 * The fault matrix of one request, as `cascade-harness run` builds it for a scenario and `serve`
 * builds it for an incoming request: one function, so a case id `run` prints selects the same plan in `serve`.
 */

export interface StepChecks {
  /** False for a step the router skips by itself (a natural fault: a missing parameter, a context overflow, ...). */
  canServe: (step: number) => boolean
  /** False when a step cannot raise the fault at all (moderation on a model that is not moderated). */
  canRaise: (fault: FaultDefinition, step: number) => boolean
  /** Request parameters the router drops before the step answers (it lacks them): no quirk that needs them is planned there. */
  droppedAt: (step: number) => readonly string[]
}

/** What the matrix asks of each step of `steps` (the request's cascade) for this request. */
export function stepChecks(
  request: ChatRequest,
  steps: readonly string[],
  catalog: Catalog,
  options: StepOptions,
): StepChecks {
  return {
    canServe: (step) => canStepServe(request, steps[step] ?? '', catalog, options),
    canRaise: (fault, step) => {
      const id = steps[step] ?? ''
      if (fault.onlyOn === undefined) return true
      if (fault.onlyOn === 'free-model') return id.endsWith(':free')
      const model = findModel(catalog, id)
      if (model === undefined) return false
      if (fault.onlyOn === 'moderated-model') return canBeModerated(model)
      return hasHabit(fault.onlyOn, id, model)
    },
    droppedAt: (step) => {
      const model = findModel(catalog, steps[step] ?? '')
      return model === undefined ? [] : inspectStep(model, steps[step] ?? '', request, options).dropped
    },
  }
}

/** The cascade of `request` and the plans the default matrix runs for it, in `run`'s order. */
export function matrixForRequest(
  request: ChatRequest,
  catalog: Catalog,
  options: StepOptions,
  select: { include?: readonly string[]; exclude?: readonly string[] } = {},
): { steps: string[]; plans: Plan[] } {
  const steps = cascadeOf(request)
  const checks = stepChecks(request, steps, catalog, options)
  const plans = generateMatrix({ request, steps, ...checks, include: select.include, exclude: select.exclude })
  return { steps, plans }
}

/** Whether the model at a step shows a family's answer habit (core/faults `ModelHabitScope`). */
export function hasHabit(scope: ModelHabitScope, id: string, model: CatalogModel): boolean {
  const reasons = model.supported_parameters.includes('reasoning')
  switch (scope) {
    case 'reasoning-model':
      return reasons
    case 'open-weight-reasoning-model':
      return reasons && familyOf(id) === 'open-weight'
    case 'anthropic-model':
      return familyOf(id) === 'anthropic'
    case 'google-model':
      return familyOf(id) === 'google'
    case 'dated-slug-model':
      return datedSlugOf(id, model) !== null
  }
}
