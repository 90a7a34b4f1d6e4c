import { didYouMean } from '../did-you-mean.js'

/** A plan key that names no step of the cascade, as data both the runner and `serve` word for their readers. */
export interface UnknownStepKey {
  key: string
  /** The step part of the key (`openai/gpt-4.1-mimi` of `openai/gpt-4.1-mimi@OpenAI`). */
  step: string
  /** The model id of the cascade closest to `step`, when one is close. */
  closestStep: string | undefined
  /** The key with the step corrected, when a model id of the cascade is close. */
  suggestion: string | undefined
}

/**
 * The plan keys that name no step: a key is a step index (`"0"`), a model id of the cascade, or either
 * followed by `@Provider`. The provider is split at the LAST `@`, as the emulator does, so a model id
 * that holds an `@` of its own (a preset, `@preset/x`) still names its step.
 */
export function unknownStepKeys(keys: Iterable<string>, steps: readonly string[]): UnknownStepKey[] {
  const names = new Set([...steps.map((_, i) => String(i)), ...steps])
  const unknown: UnknownStepKey[] = []
  for (const key of keys) {
    if (names.has(key)) continue
    const at = key.lastIndexOf('@')
    const step = at > 0 ? key.slice(0, at) : key
    if (names.has(step)) continue
    const guess = /^\d+$/.test(step) ? undefined : didYouMean(step, steps)
    unknown.push({
      key,
      step,
      closestStep: guess,
      suggestion: guess === undefined ? undefined : key.replace(step, guess),
    })
  }
  return unknown
}

/** "0: google/gemini-2.5-flash, 1: openai/gpt-4.1-mini" */
export function listSteps(steps: readonly string[]): string {
  return steps.map((model, i) => `${i}: ${model}`).join(', ')
}

/**
 * A plan whose index keys (`"0"`, `"1@OpenAI"`) are rewritten to the model ids of `steps`, the
 * scenario's cascade: a fault belongs to a model (or a model's provider), never to a position in one
 * request, so a client that falls back on its own (one `model` per request), a retry with a shorter
 * list or a second request all meet it where that model is. When an index key and a model-id key name
 * the same model, the model-id key wins (as it always has); keys that name no step stay as they are.
 */
export function resolvePlanKeys<P extends { at: Record<string, string | string[]> }>(
  plan: P,
  steps: readonly string[],
): P {
  const at: Record<string, string | string[]> = {}
  const byIndex: Array<[string, string | string[]]> = []
  for (const [key, value] of Object.entries(plan.at)) {
    const split = key.lastIndexOf('@')
    const target = split > 0 ? key.slice(0, split) : key
    const model = /^\d+$/.test(target) ? steps[Number(target)] : undefined
    if (model === undefined) at[key] = value
    else byIndex.push([split > 0 ? `${model}${key.slice(split)}` : model, value])
  }
  for (const [key, value] of byIndex) if (!(key in at)) at[key] = value
  return { ...plan, at }
}
