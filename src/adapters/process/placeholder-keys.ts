import { isSecretName } from '../cassette-store/redact.js'

/** What a credential variable holds while user clients run: shaped like a key, worth nothing. */
export const PLACEHOLDER_KEY = 'sk-or-cascade-harness-placeholder'

/**
 * Replaces every credential in the environment (OPENROUTER_API_KEY, OPENAI_API_KEY, GITHUB_TOKEN...,
 * see isSecretName) with a placeholder while the run's user code loads and runs, as `{ exec }`
 * commands already get: an offline run needs no key, and a request that escaped anyway (a child
 * process that ignores the harness's proxy, a worker started before the run) carries nothing worth
 * stealing. Returns the restore.
 */
export function usePlaceholderKeys(env: NodeJS.ProcessEnv = process.env): () => void {
  const saved = new Map<string, string>()
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value.trim().length < 8 || value === PLACEHOLDER_KEY || !isSecretName(name)) continue
    saved.set(name, value)
    env[name] = PLACEHOLDER_KEY
  }
  return () => {
    // A variable the user code changed meanwhile is left as it set it.
    for (const [name, value] of saved) if (env[name] === PLACEHOLDER_KEY) env[name] = value
  }
}
