/**
 * Which URLs the emulated router owns. A case lists the base URLs its client may be pointed at
 * (`https://openrouter.ai/api/v1` by default); a request under one of them goes to the emulator,
 * with its URL rewritten onto the router's own base so the emulator only ever sees OpenRouter paths
 * (`https://openrouter.ai/api/v1/chat/completions`), whatever base the client was configured with.
 */

import { HarnessError } from '../../errors.js'

/** OpenRouter's API base: what the emulator's paths are relative to. */
import { OPENROUTER_BASE_URL } from '../../core/router-url.js'

/** The base URLs a case owns unless it says otherwise. */
export const DEFAULT_BASE_URLS: readonly string[] = [OPENROUTER_BASE_URL]

/** Normalizes a base URL the way WHATWG URL normalizes a request's URL, without a trailing slash. */
export function normalizeBaseUrl(baseUrl: string): string {
  let url: URL
  try {
    url = new URL(baseUrl)
  } catch {
    throw new HarnessError(
      'E_BASE_URL',
      `the base URL "${baseUrl}" is not an absolute URL; give one like ${OPENROUTER_BASE_URL}`,
      'input',
    )
  }
  url.search = ''
  url.hash = ''
  return url.href.replace(/\/+$/, '')
}

/** A compiled matcher from a request URL to the emulator's URL (undefined when no base owns it). */
export type RouterUrlMatcher = (requestUrl: string) => string | undefined

export function compileRouterUrls(baseUrls: readonly string[] = DEFAULT_BASE_URLS): RouterUrlMatcher {
  const bases = baseUrls.map(normalizeBaseUrl)
  // Request URLs are already normalized by `new Request()`, so a prefix test on strings is exact and
  // costs nothing next to parsing a URL per request.
  return (requestUrl) => {
    for (const base of bases) {
      if (!requestUrl.startsWith(base)) continue
      const rest = requestUrl.slice(base.length)
      if (rest !== '' && rest[0] !== '/' && rest[0] !== '?') continue
      return base === OPENROUTER_BASE_URL ? requestUrl : OPENROUTER_BASE_URL + rest
    }
    return undefined
  }
}
