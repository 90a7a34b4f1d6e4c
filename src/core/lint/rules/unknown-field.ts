import type { LintFinding } from '../../types.js'
import { didYouMean } from '../../did-you-mean.js'
import { jsonPath } from '../../json-path.js'
import type { LintContext } from '../types.js'
import { list } from '../../words.js'
import { PROVIDER_PREFERENCE_KEYS } from '../../catalog/providers.js'
import { ROUTED_PARAMETERS } from '../../catalog/parameters.js'

/**
 * Top-level chat-completions fields the router documents. `OAS#ChatRequest` is not
 * `additionalProperties: false`, so any other key is tolerated and ignored (docs/router-behaviour.md §1.5).
 */
// A set first: the routed parameters repeat some fields the sections above name.
export const REQUEST_FIELDS: readonly string[] = [
  ...new Set([
    // docs/router-behaviour.md §1.1: routing and model selection.
    'model',
    'models',
    'route',
    'provider',
    'plugins',
    'session_id',
    'service_tier',
    'user',
    'debug',
    // docs/router-behaviour.md §1.4: schema and tool fields (`structured_outputs` is a capability flag the parameters page lists as a key).
    'tools',
    'tool_choice',
    'parallel_tool_calls',
    'response_format',
    'structured_outputs',
    // docs/router-behaviour.md §1.5: other fields.
    'messages',
    'stream',
    'stream_options',
    'usage',
    'transforms',
    'max_tokens',
    'max_completion_tokens',
    'reasoning',
    'reasoning_effort',
    'include_reasoning',
    'stop',
    'metadata',
    // docs/router-behaviour.md §6.1: the `supported_parameters` vocabulary, each a request field (some listed above too).
    ...ROUTED_PARAMETERS,
    // The router's chat-completions fields for image output (not in docs/router-behaviour.md).
    'modalities',
    'image_config',
    // The router's own 400 for a body without messages names it: 'Input required: specify "prompt" or "messages"'.
    'prompt',
  ]),
]

/**
 * OpenAI chat-completions fields that the router does not document: what it does with them is not
 * known (ignored, or passed on to the providers that take them). They are never near misses of a
 * router field (`store` is not a typo of `stop`), only information.
 */
const OPENAI_ONLY_FIELDS: readonly string[] = [
  'n',
  'store',
  'audio',
  'functions',
  'function_call',
  'prompt_cache_key',
  'safety_identifier',
]

/** What is lost when a field is misspelt, for the fields whose loss a scenario cannot see. */
const LOST: Record<string, string> = {
  response_format: 'the answer is never constrained to the format and the contract never checks it',
  tools: 'the model never sees the tools, so it never calls one, and the contract never checks a tool call',
  tool_choice: 'the model chooses for itself whether to call a tool',
  models: 'the request has no fallback list and only model is tried, so no fallback is ever tested',
  provider: 'none of the provider preferences (order, require_parameters, ...) applies',
  max_tokens: "only the model's default caps the answer, and the router checks the context window against that default",
  max_completion_tokens:
    "only the model's default caps the answer, and the router checks the context window against that default",
  stream: 'the request is not streamed, so the streaming path is never tested',
  plugins: 'no plugin runs',
  reasoning: 'the model reasons with its default settings',
}

const normal = (key: string) => key.toLowerCase().replace(/[-_.\s]/g, '')

/**
 * `unknown-field`: a key the router will not read as the author meant it.
 * - A top-level key that is no chat-completions field: the router ignores it (docs/router-behaviour.md §1.5: the
 *   OAS tolerates it; live behaviour not verified), so a near miss (`respons_format`) means the intended
 *   parameter is never applied and the scenario tests less than it says, silently: an error (a warning
 *   when the request also sets the right field, which then applies). A provider preference written at
 *   the top level (`require_parameters`) is ignored the same way: an error. An OpenAI-only field, or any
 *   other key, is information: it may be a field newer than the list above.
 * - A `provider` key the router does not know: `provider` is validated strictly, so every request is a
 *   400 "Unrecognized key(s) in object: 'X'" and nothing falls back (docs/router-behaviour.md §1.3, §2.1, §4.3).
 */
export function unknownField({ request }: LintContext): LintFinding[] {
  return [...topLevel(request), ...providerKeys(request.provider)]
}

function topLevel(request: Record<string, unknown>): LintFinding[] {
  const findings: LintFinding[] = []
  const known = new Set(REQUEST_FIELDS)
  for (const [key, value] of Object.entries(request)) {
    // JSON.stringify drops `undefined`: such a key never reaches the router.
    if (known.has(key) || value === undefined) continue
    const path = jsonPath([key], 'request')
    const ignored = `the router ignores top-level fields it does not know (they are tolerated, not rejected)`
    if (OPENAI_ONLY_FIELDS.includes(key)) {
      findings.push({
        rule: 'unknown-field',
        severity: 'info',
        step: null,
        path,
        message: `${path} is an OpenAI chat-completions field that the router does not document: it may ignore it or pass it only to providers that take it, and lint does not check it.`,
        fix: `Remove ${key} unless a step's provider is known to honour it.`,
      })
      continue
    }
    const misplaced = PROVIDER_PREFERENCE_KEYS.find((field) => normal(field) === normal(key))
    if (misplaced) {
      findings.push({
        rule: 'unknown-field',
        severity: 'error',
        step: null,
        path,
        message: `${path} is a provider preference written at the top level: ${ignored}, so provider.${misplaced} is never applied.`,
        fix: `Move it into provider: { ${misplaced}: ... }${Object.hasOwn(request, 'provider') ? ' (the request has a provider object already)' : ''}.`,
      })
      continue
    }
    const meant = nearest(key, REQUEST_FIELDS)
    if (meant === undefined) {
      findings.push({
        rule: 'unknown-field',
        severity: 'info',
        step: null,
        path,
        message: `${path} is not a chat-completions field the harness knows: ${ignored}, so it changes neither the routing nor the answer. It may be a router field newer than the harness's list; lint cannot check it either way.`,
        fix: `Remove ${key}, or leave it if it is a router field newer than the harness's list.`,
      })
      continue
    }
    const alsoSet = Object.hasOwn(request, meant) && request[meant] !== undefined
    findings.push({
      rule: 'unknown-field',
      severity: alsoSet ? 'warning' : 'error',
      step: null,
      path,
      message: alsoSet
        ? `${path} is not a chat-completions field, and ${ignored}. The request also sets ${meant}, which the router applies, so the value of ${key} is never used.`
        : `${path} is not a chat-completions field, and ${ignored}, so ${meant} is never applied${LOST[meant] ? `: ${LOST[meant]}` : ''}. Did you mean ${meant}?`,
      fix: alsoSet
        ? `Remove ${key}: the router reads ${meant}, so put the value you mean there.`
        : `Write ${meant} instead of ${key}.`,
    })
  }
  return findings
}

function providerKeys(provider: unknown): LintFinding[] {
  // A provider that is not an object is another 400 ("Invalid 'provider'"), not an unknown key.
  if (typeof provider !== 'object' || provider === null || Array.isArray(provider)) return []
  const known = new Set(PROVIDER_PREFERENCE_KEYS)
  const unknown = Object.entries(provider)
    .filter(([key, value]) => !known.has(key) && value !== undefined)
    .map(([key]) => key)
  if (unknown.length === 0) return []
  // The router names every unknown key in one message (zod wording; core/emulator/validate.ts answers the same).
  const answer = `Unrecognized key(s) in object: ${unknown.map((k) => `'${k}'`).join(', ')}`
  return unknown.map((key) => {
    const meant = nearest(key, PROVIDER_PREFERENCE_KEYS)
    const path = jsonPath([key], 'request.provider')
    return {
      rule: 'unknown-field',
      severity: 'error',
      step: null,
      path,
      message: `${path.slice('request.'.length)} is not a provider preference the router knows, and it validates provider strictly: it answers 400 "${answer}" to every request, before trying any model, so nothing falls back.${meant ? ` Did you mean ${meant}?` : ''}`,
      fix: meant
        ? `Write ${meant} instead of ${key}.`
        : `Remove ${key} from provider (the router knows ${list(PROVIDER_PREFERENCE_KEYS)}).`,
    } satisfies LintFinding
  })
}

/**
 * core/did-you-mean.ts's suggestion, with ties broken: `modles` is as far from `model` as from
 * `models`, and the first candidate would win. Asked in both orders, the two ends of a tie show; the
 * one with the same letters (a swap), else the length closer to the key's, is the likelier intent.
 */
function nearest(key: string, fields: readonly string[]): string | undefined {
  const first = didYouMean(key, fields)
  const last = didYouMean(key, [...fields].reverse())
  if (first === undefined || last === undefined || first === last) return first
  const letters = (s: string) => [...normal(s)].sort().join('')
  const score = (field: string) =>
    (letters(field) === letters(key) ? 0 : 1) * 1_000 + Math.abs(normal(field).length - normal(key).length)
  return score(last) < score(first) ? last : first
}
