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
    unknown.push({ key, step, closestStep: guess, suggestion: guess === undefined ? undefined : key.replace(step, guess) })
  }
  return unknown
}

/** "0: google/gemini-2.5-flash, 1: openai/gpt-4.1-mini" */
export function listSteps(steps: readonly string[]): string {
  return steps.map((model, i) => `${i}: ${model}`).join(', ')
}
