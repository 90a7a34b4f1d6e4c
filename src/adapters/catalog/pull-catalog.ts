import type { Catalog } from '../../core/types.js'
import { InputError } from '../../errors.js'
import { scrubText } from '../cassette-store/redact.js'
import { BodyTooLargeError, readTextCapped } from '../http/read-capped.js'
import { MAX_UPSTREAM_BODY_BYTES } from '../../schema/limits.js'
import { catalogFromFile } from '../../schema/catalog.js'
import { parseCatalogDocument } from './problems.js'

import { OPENROUTER_BASE_URL } from '../../core/router-url.js'

export interface PullCatalogOptions {
  /** The router's API base (default `https://openrouter.ai/api/v1`); the list is `${baseUrl}/models`. */
  baseUrl?: string
  fetch?: typeof globalThis.fetch
  /** Default: give up after 30 seconds. */
  signal?: AbortSignal
  /** The clock that dates the snapshot. */
  now?: () => Date
}

/**
 * Fetches the router's model list (`GET /models`; no API key needed, docs/router-behaviour.md §6.1) as a Catalog
 * dated now. A failure is an InputError naming the URL and what to check; no header is ever quoted.
 *
 * @example
 * ```ts
 * const catalog = await pullCatalog({ baseUrl: 'http://127.0.0.1:8787/api/v1' })
 * ```
 */
export async function pullCatalog(options: PullCatalogOptions = {}): Promise<Catalog> {
  const base = (options.baseUrl ?? OPENROUTER_BASE_URL).replace(/\/+$/, '')
  const url = `${base}/models`
  // What sentences and the catalog's `source` say: a user:token@ in the base URL stays out of both.
  const shownUrl = withoutUserInfo(url)
  const fix =
    'check --base-url (it should end in /api/v1) and the network, then run `cascade-harness catalog pull` again'
  const fail = (problem: string): never => {
    throw new InputError([{ file: shownUrl, path: '', problem, fix }], 'E_CATALOG_PULL')
  }
  const fetch = options.fetch ?? globalThis.fetch
  let response: Response
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json' },
      signal: options.signal ?? AbortSignal.timeout(30_000),
    })
  } catch (error) {
    return fail(`the model list could not be fetched (${scrubText(describeFetchError(error), [])})`)
  }
  if (!response.ok) {
    const detail = await errorDetail(response)
    return fail(
      `the router answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${detail ? `: ${detail}` : ''}`,
    )
  }
  let json: unknown
  try {
    json = JSON.parse(await readTextCapped(response, MAX_UPSTREAM_BODY_BYTES))
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      return fail(`${error.message}, the most catalog pull reads (a model list is a few hundred KB)`)
    return fail(`the answer is not JSON (content-type ${response.headers.get('content-type') ?? 'none'})`)
  }
  const parsed = parseCatalogDocument(json, shownUrl, 'check that --base-url points at an OpenRouter-compatible API')
  if (!parsed.success) throw new InputError(parsed.problems, 'E_CATALOG_PULL')
  const pulledAt = (options.now ?? (() => new Date()))().toISOString()
  return catalogFromFile({ ...parsed.data, pulledAt }, shownUrl)
}

function withoutUserInfo(url: string): string {
  if (!URL.canParse(url)) return url
  const parsed = new URL(url)
  if (parsed.username === '' && parsed.password === '') return url
  parsed.username = ''
  parsed.password = ''
  return parsed.href
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return 'no answer in time'
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))
}

/** The router's own error message, if the body has one (`{"error":{"message":...}}`), shortened. */
async function errorDetail(response: Response): Promise<string | undefined> {
  try {
    const text = await response.text()
    const message = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message
    return typeof message === 'string' ? (message.length > 200 ? `${message.slice(0, 199)}…` : message) : undefined
  } catch {
    return undefined
  }
}
