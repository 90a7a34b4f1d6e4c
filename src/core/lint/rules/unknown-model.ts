import type { LintFinding } from '../../types.js'
import { isBuiltInCatalog } from '../../catalog/builtin.js'
import { classifyModelId } from '../model-ids.js'
import { lintSteps, stepName } from '../steps.js'
import type { LintContext } from '../types.js'

/**
 * `unknown-model`: a router-shaped id (`author/slug`) that the catalog does not list. A `:free` variant of a
 * listed model is a warning: the router skips that step with a 404 and the request goes on. Otherwise the router answers
 * 400 "<id> is not a valid model ID" (docs/router-behaviour.md §4.3); whether it then skips the step or fails the
 * whole request is not documented (docs/router-behaviour.md §1.2). Ids that are not router ids at all
 * (`ollama/...`, `gpt-4o`) are `foreign-model-id`'s, so one step never gets both findings.
 * Against the built-in catalog, a small sample, an id with no near match is a warning (it may well be
 * real); a near miss of a listed id (`claude-sonnet-4-5` for `claude-sonnet-4.5`) is a typo, an error.
 */
export function unknownModel({ request, catalog }: LintContext): LintFinding[] {
  const findings: LintFinding[] = []
  const builtIn = isBuiltInCatalog(catalog)
  for (const step of lintSteps(request, catalog)) {
    const kind = classifyModelId(step.id, catalog)
    if (kind.kind !== 'unknown') continue
    const severity = builtIn && !kind.suggestion ? 'warning' : 'error'
    const base = { rule: 'unknown-model', severity, step: step.index, path: step.path } as const
    if (kind.freeVariantOf) {
      // Not an error: the request does not fail, the router skips this step (the emulator does the same, validate.ts).
      findings.push({
        ...base,
        severity: 'warning',
        message: `${stepName(step)}, has no free variant in the catalog (${kind.freeVariantOf} is listed): the router answers it 404 "No endpoints found for ${step.id}." and moves on to the next model, so this step is skipped and never serves.`,
        fix: `Write ${kind.freeVariantOf}, or pick a model whose :free variant the catalog lists.`,
      })
      continue
    }
    const router = `the router answers 400 "${step.id} is not a valid model ID" (whether it then skips the step or fails the whole request is not documented)`
    const sample =
      builtIn && !kind.suggestion ? ' The built-in catalog lists only a few models, so the id may be real.' : ''
    findings.push({
      ...base,
      message: `${stepName(step)}, is not in the ${builtIn ? 'built-in ' : ''}catalog: ${router}.${kind.suggestion ? ` Did you mean ${kind.suggestion}?` : ''}${sample}`,
      fix: kind.suggestion
        ? `Write ${kind.suggestion}.`
        : builtIn
          ? "Run cascade-harness catalog pull to lint against the router's full model list."
          : 'Use an id from the catalog, or run cascade-harness catalog pull if the model is newer than the snapshot.',
    })
  }
  return findings
}
