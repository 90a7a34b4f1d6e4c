import type { ChatRequest } from './types.js'

/**
 * The cascade a request asks for: `model` first, then `models` in order (docs/router-behaviour.md §1.2), with a
 * repeated id kept at its first position (the AI SDK sends `model: X, models: [X, Y]`).
 */
export function cascadeOf(request: Pick<ChatRequest, 'model' | 'models'>): string[] {
  const steps: string[] = []
  for (const id of [request.model, ...(request.models ?? [])]) {
    if (typeof id === 'string' && !steps.includes(id)) steps.push(id)
  }
  return steps
}

/** Sentences count steps from 1 ("step 2"); JSON fields (`step`) count from 0. */
export function stepLabel(step: number, model?: string): string {
  return model ? `step ${step + 1} (${model})` : `step ${step + 1}`
}
