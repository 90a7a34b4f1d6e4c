import type { Catalog, CatalogModel, ChatRequest } from '../types.js'
import { findModel } from './catalog-lookup.js'
import { jsonPath } from '../json-path.js'

/** One step of the cascade as lint sees it: its 0-based index, its id, where it is written, its catalog entry. */
export interface LintStep {
  index: number
  id: string
  /** `request.model` or `request.models[2]`: where the step is written (its first occurrence). */
  path: string
  model: CatalogModel | undefined
}

const cache = new WeakMap<ChatRequest, WeakMap<Catalog, LintStep[]>>()

/**
 * The cascade `[model, ...models]` with repeated ids kept at their first position (docs/router-behaviour.md §1.2;
 * the same order as core/cascade.ts), each with the JSON path of the entry that put it there.
 */
export function lintSteps(request: ChatRequest, catalog: Catalog): LintStep[] {
  let byCatalog = cache.get(request)
  if (!byCatalog) cache.set(request, (byCatalog = new WeakMap()))
  const cached = byCatalog.get(catalog)
  if (cached) return cached
  const written: { id: unknown; path: string }[] = [
    { id: request.model, path: 'request.model' },
    ...(Array.isArray(request.models)
      ? request.models.map((id, i) => ({ id, path: jsonPath([i], 'request.models') }))
      : []),
  ]
  const steps: LintStep[] = []
  for (const { id, path } of written) {
    if (typeof id !== 'string' || id === '' || steps.some((s) => s.id === id)) continue
    steps.push({ index: steps.length, id, path, model: findModel(catalog, id) })
  }
  byCatalog.set(catalog, steps)
  return steps
}

/** How sentences name a step: 1-based, with its id (`step 4, gryphe/mythomax-l2-13b:free`). */
export function stepName(step: Pick<LintStep, 'index' | 'id'>): string {
  return `step ${step.index + 1}, ${step.id}`
}

/** `steps 2 and 3 (openai/gpt-4.1-mini, openai/gpt-4.1)` for findings that concern several steps. */
export function stepsName(steps: readonly Pick<LintStep, 'index' | 'id'>[]): string {
  if (steps.length === 1) return stepName(steps[0]!)
  const numbers = steps.map((s) => String(s.index + 1))
  return `steps ${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]} (${steps.map((s) => s.id).join(', ')})`
}
