import type { CatalogModel, LintFinding } from '../../types.js'
import { pricePerToken } from '../catalog-lookup.js'
import { lintSteps, stepName } from '../steps.js'
import { CHARACTER_COUNTER, estimatePrompt, requestedOutput } from '../../tokens/index.js'
import type { LintContext } from '../types.js'
import { count, usd } from '../../words.js'

/** Output tokens assumed per request when the request sets no max_tokens: a typical structured answer. */
export const ASSUMED_OUTPUT_TOKENS = 1_000

/**
 * `cost-blast-radius`: a fallback that costs many times the primary per request (default 10×, option
 * `costRatioThreshold`). Whenever the steps before it fail (a rate limit on the primary is the common
 * case), that traffic costs the fallback's price: the router bills the model that served (docs/router-behaviour.md
 * §2.1). Per-request cost = prompt estimate × prompt price + output budget × completion price + request
 * price, from the catalog's per-token prices. Decision: the output budget is max_tokens when set, else
 * 1,000 tokens for every step, so the steps compare like for like. Skipped when the primary is free
 * (`free-not-last` covers that) or a price is variable (`"-1"`).
 */
export function costBlastRadius({ request, catalog, options }: LintContext): LintFinding[] {
  const steps = lintSteps(request, catalog)
  const primary = steps[0]
  const counter = options.tokenCounter ?? CHARACTER_COUNTER
  const prompt = estimatePrompt(request, counter).total
  const output = requestedOutput(request)
  const outputTokens = output?.tokens ?? ASSUMED_OUTPUT_TOKENS
  const costOf = (model: CatalogModel | undefined) => (model ? requestCost(model, prompt, outputTokens) : undefined)
  const base = costOf(primary?.model)
  if (!primary || base === undefined || base === 0) return []
  const findings: LintFinding[] = []
  for (const step of steps.slice(1)) {
    const cost = costOf(step.model)
    if (cost === undefined || cost / base < options.costRatioThreshold) continue
    const ratio = cost / base
    const times = ratio >= 10 ? String(Math.round(ratio)) : ratio.toFixed(1).replace(/\.0$/, '')
    findings.push({
      rule: 'cost-blast-radius',
      severity: 'warning',
      step: step.index,
      path: step.path,
      message: `${stepName(step)}, costs about ${usd(cost)} a request, ${times}× the primary ${primary.id} (${usd(base)}), for ${count(prompt)} prompt tokens (${counter.describe}) and ${count(outputTokens)} output tokens (${output ? output.field : 'assumed, no max_tokens is set'}) at each model's catalog price. Every request that the steps before it fail costs ${times} times as much.`,
      fix: `Put a cheaper model before it, cap max_tokens, or set expect.maxCostUsd so \`run\` fails when a fallback path costs too much (threshold: ${options.costRatioThreshold}×).`,
    })
  }
  return findings
}

/** USD for one request to `model`, or undefined when a price is missing or variable. */
export function requestCost(model: CatalogModel, promptTokens: number, outputTokens: number): number | undefined {
  const prompt = pricePerToken(model.pricing?.prompt)
  const completion = pricePerToken(model.pricing?.completion)
  const perRequest = model.pricing?.request === undefined ? 0 : pricePerToken(model.pricing.request)
  if (prompt === undefined || completion === undefined || perRequest === undefined) return undefined
  return promptTokens * prompt + outputTokens * completion + perRequest
}
