import type { ChatRequest, LintFinding } from '../../types.js'
import { contextLengthOf } from '../../catalog/lookup.js'
import { lintSteps, stepName } from '../steps.js'
import {
  NEAR_WINDOW,
  estimatePrompt,
  requestedOutput,
  windowNeed,
  type TokenCounter,
  type WindowNeed,
} from '../../tokens/index.js'
import type { LintContext } from '../types.js'
import { count } from '../../words.js'

/** Above this share of the window, another tokenizer may well push the request over: a warning. */
const NEAR_LIMIT = NEAR_WINDOW

/**
 * `context-window`: the estimated prompt plus the requested output does not fit a step's context window.
 * The router checks `prompt + max_tokens` against the endpoint's context before calling it and fails
 * the step with a 400 "This endpoint's maximum context length is ..." (docs/router-behaviour.md §4.3, §8.1), then
 * moves on. Decision: without max_tokens / max_completion_tokens only the prompt is counted (the
 * router's own default output reservation is not documented, and guessing it would flag every small
 * model). Prompt and output are the shared estimate of core/tokens, the one the emulator's natural
 * context-length fault uses (`max_completion_tokens` wins over `max_tokens`): the UTF-8 bound first,
 * then the o200k count (`windowNeed`, the one rule), so with the default options this rule errs exactly
 * when the emulator's window check fails the step; the sentence says which counter made the figures.
 */
export function contextWindow({ request, catalog, options }: LintContext): LintFinding[] {
  const findings: LintFinding[] = []
  const windows = lintSteps(request, catalog).flatMap((step) => {
    const window = step.model ? contextLengthOf(step.model) : undefined
    return window === undefined ? [] : [{ step, window }]
  })
  if (windows.length === 0) return findings
  // Counted once, against the smallest window: a prompt the bound proves small enough fits them all.
  const smallest = Math.min(...windows.map((w) => w.window))
  const counted = options.tokenCounter
    ? withCounter(request, options.tokenCounter)
    : windowNeed(request, smallest * NEAR_LIMIT)
  if (counted === undefined) return findings
  const { output } = counted
  const prompt = counted.estimate.total
  const needed = counted.total
  const estimate = `${count(prompt)} prompt tokens (${counted.counter.describe}; the model's own tokenizer may count 10–20 % more)`
  const parts = output
    ? `${estimate} and ${count(output.tokens)} for ${output.field}`
    : `${estimate}; no max_tokens is set, so only the prompt is counted`
  for (const { step, window } of windows) {
    if (needed <= window * NEAR_LIMIT) continue
    const over = needed > window
    const promptAloneOver = prompt > window
    findings.push({
      rule: 'context-window',
      severity: over ? 'error' : 'warning',
      step: step.index,
      path: promptAloneOver || !output ? 'request.messages' : `request.${output.field}`,
      message: over
        ? `${stepName(step)}, has a ${count(window)}-token context window, but the request needs about ${count(needed)}: ${parts}. The router fails this step with a 400 ("This endpoint's maximum context length is ${window} tokens...") before calling it and moves on.`
        : `${stepName(step)}, has a ${count(window)}-token context window and the request needs about ${count(needed)} (${Math.round((needed / window) * 100)} %): ${parts}. A slightly longer prompt, or the model's own tokenizer, puts it over, and the router then skips this step with a 400.`,
      fix:
        promptAloneOver || !output
          ? 'Shorten the prompt, or replace the step with a model whose context window holds it.'
          : `Lower ${output.field} to at most ${count(Math.max(0, Math.floor(window * NEAR_LIMIT) - prompt))}, shorten the prompt, or replace the step with a model with a larger window.`,
    })
  }
  return findings
}

/** The rule's figures with a counter lint was given instead of the shared one. */
function withCounter(request: ChatRequest, counter: TokenCounter): WindowNeed {
  const estimate = estimatePrompt(request, counter)
  const output = requestedOutput(request)
  return { estimate, counter, output, total: estimate.total + (output?.tokens ?? 0) }
}
