import type { LintFinding } from '../../types.js'
import { classifyModelId } from '../model-ids.js'
import { lintSteps, stepName } from '../steps.js'
import type { LintContext } from '../types.js'

/**
 * `foreign-model-id`: an id the router can never serve because it is not a router id: a local runtime
 * (`ollama/llama3.1:8b`), an address (`http://localhost:11434`), another gateway's prefix
 * (`gemini/gemini-2.5-flash`, `azure/gpt-4o`), or a bare provider name without an author (`gpt-4o`:
 * docs/router-behaviour.md §6.3, "bare ids without author → 400 not a valid model ID").
 */
export function foreignModelId({ request, catalog }: LintContext): LintFinding[] {
  const findings: LintFinding[] = []
  for (const step of lintSteps(request, catalog)) {
    const kind = classifyModelId(step.id, catalog)
    if (kind.kind !== 'foreign') continue
    const rejects = `it answers 400 "${step.id} is not a valid model ID"`
    const clientSide =
      'remove it from the cascade and call that model from a client-side stage after the router request fails'
    let message: string
    let fix: string
    switch (kind.reason) {
      case 'local':
        message = `${stepName(step)}, is ${article(kind.runtime!)} ${kind.runtime} model on your machine. The router runs in the cloud and cannot reach it: ${rejects}.`
        fix = `${capitalize(clientSide)} (for example ${kind.runtime}'s OpenAI-compatible endpoint).`
        break
      case 'address':
        message = `${stepName(step)}, is an address, not a model id. The router cannot reach a local or private server: ${rejects}.`
        fix = `${capitalize(clientSide)}.`
        break
      case 'gateway':
        message = `${stepName(step)}, is written for ${kind.runtime}, not for this router, which answers 400 "${step.id} is not a valid model ID".`
        fix = kind.suggestion
          ? `Write the router's id, ${kind.suggestion}.`
          : `Write the router's author/slug id from the catalog, or ${clientSide}.`
        break
      case 'no-author':
        message = `${stepName(step)}, has no author prefix${kind.runtime ? ` (it looks like ${article(kind.runtime)} ${kind.runtime} tag)` : ''}: router ids are author/slug, and the router answers 400 "${step.id} is not a valid model ID".`
        fix = kind.suggestion
          ? `Write ${kind.suggestion}.`
          : `Write the router's author/slug id from the catalog, or ${clientSide}.`
        break
      case 'unknown-author':
        message = `${stepName(step)}: no model in the catalog comes from "${step.id.slice(0, step.id.indexOf('/'))}", so this is not a router id, and the router answers 400 "${step.id} is not a valid model ID".`
        fix = `Use an id from the catalog, or ${clientSide}.`
        break
    }
    findings.push({ rule: 'foreign-model-id', severity: 'error', step: step.index, path: step.path, message, fix })
  }
  return findings
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function article(word: string): string {
  return /^[aeiouAEIOU]|^(LM|MLX)\b/.test(word) ? 'an' : 'a'
}
