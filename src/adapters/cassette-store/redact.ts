/**
 * Secrets never reach a cassette, a log line or an error message. The store keeps no headers at
 * all, so the API key has no way in except an answer that echoes it (an error body quoting the
 * request, a proxy's debug page): every string is scrubbed of the key before it is written, and
 * header-like keys are blanked wherever they appear in a body. Defence in depth, not the main line.
 */

export const REDACTED = '[REDACTED]'

/** Header names whose value is a credential; matched case-insensitively, as keys anywhere in a body. */
export const SENSITIVE_HEADERS: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
]

/** OpenRouter keys and bearer tokens, even when they are not the key we were given. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi
const KEY_PATTERNS = [/sk-or-[A-Za-z0-9_-]{8,}/g, /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g]

/** The text with each secret (and anything shaped like an OpenRouter key or bearer token) replaced. */
export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text
  for (const secret of secrets) {
    // A short "secret" would blank ordinary words; real keys are long.
    if (secret.length >= 8) out = out.split(secret).join(REDACTED)
  }
  out = out.replace(KEY_PATTERNS[0]!, REDACTED)
  out = out.replace(KEY_PATTERNS[1]!, (_match, bearer: string) => `${bearer}${REDACTED}`)
  // Credentials inside a URL (postgres://user:password@host, http://user:token@proxy).
  out = out.replace(URL_CREDENTIALS, (_match, scheme: string) => `${scheme}${REDACTED}@`)
  return out
}

/** A deep copy of a JSON value with secrets scrubbed from every string and credential headers blanked. */
export function redactSecrets<T>(value: T, secrets: readonly string[]): T {
  return walk(value) as T

  function walk(node: unknown): unknown {
    if (typeof node === 'string') return scrubText(node, secrets)
    if (Array.isArray(node)) return node.map(walk)
    if (node !== null && typeof node === 'object') {
      const out: Record<string, unknown> = {}
      for (const [key, child] of Object.entries(node)) {
        const safeKey = scrubText(key, secrets)
        out[safeKey] = SENSITIVE_HEADERS.includes(key.toLowerCase()) ? REDACTED : walk(child)
      }
      return out
    }
    return node
  }
}

/** A writer (stdout, stderr) that scrubs secrets from everything written through it. */
export function scrubbingWriter<W extends { write(text: string): unknown; isTTY?: boolean; columns?: number }>(
  target: W,
  secrets: readonly string[],
): W {
  const writer = Object.create(target) as W
  writer.write = (text: string) => target.write(scrubText(text, secrets))
  return writer
}

/**
 * Names of environment variables that hold a credential: OPENROUTER_API_KEY, OPENAI_API_KEY,
 * GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY, DB_PASSWORD... matched as whole words between underscores.
 */
const SECRET_NAME = /(^|_)(API_?KEY|KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?|AUTH)(_|$)/i

/** Whether an environment variable's name says it holds a credential (see SECRET_NAME). */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name)
}

/**
 * Every credential in an environment: the values of variables named like one (see SECRET_NAME).
 * Whatever the harness was given or could find in its environment is scrubbed from all it prints and
 * writes, so a key a client echoes in an error never reaches a report, whichever vendor issued it.
 */
export function environmentSecrets(env: Readonly<Record<string, string | undefined>>): string[] {
  const secrets = new Set<string>()
  for (const [name, value] of Object.entries(env)) {
    const trimmed = value?.trim()
    if (trimmed && trimmed.length >= 8 && SECRET_NAME.test(name)) secrets.add(trimmed)
  }
  // Longest first: a secret that contains another is replaced whole.
  return [...secrets].sort((a, b) => b.length - a.length)
}
