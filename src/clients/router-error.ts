/**
 * What the reference client throws for anything but a usable answer: an error status, an error inside
 * an HTTP 200, an HTML page from the edge, a reset connection. It carries the router's own words
 * (`error.code`, `error.message`) so a report shows what OpenRouter said, not what the client guessed.
 * Never carries request headers or the API key.
 */
export class RouterError extends Error {
  /** The HTTP status; 200 for errors inside a 200 body or stream; 0 when no response arrived. */
  readonly status: number
  /** The router's `error.code` (a number on the wire, sometimes a string), null when there was none. */
  readonly code: number | string | null
  /** `error.metadata.provider_name`, when the router names the provider that failed. */
  readonly providerName?: string
  /** `error.metadata` as the router sent it (`raw`, `headers`, `previous_errors`, ...). */
  readonly metadata?: Record<string, unknown>

  constructor(init: {
    status: number
    code: number | string | null
    message: string
    providerName?: string
    metadata?: Record<string, unknown>
    cause?: unknown
  }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause })
    this.name = 'RouterError'
    this.status = init.status
    this.code = init.code
    if (init.providerName !== undefined) this.providerName = init.providerName
    if (init.metadata !== undefined) this.metadata = init.metadata
  }
}

/** A RouterError from an OpenRouter error object (`{ code, message, metadata }`). */
export function routerErrorFrom(status: number, error: unknown, fallbackMessage: string): RouterError {
  // Some proxies in front of the router answer `{ "error": "Bad Gateway" }`: keep their words.
  if (typeof error === 'string' && error !== '') return new RouterError({ status, code: null, message: error })
  const object = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {}
  const metadata =
    typeof object.metadata === 'object' && object.metadata !== null
      ? (object.metadata as Record<string, unknown>)
      : undefined
  const code = typeof object.code === 'number' || typeof object.code === 'string' ? object.code : null
  const message = typeof object.message === 'string' && object.message !== '' ? object.message : fallbackMessage
  const providerName = typeof metadata?.provider_name === 'string' ? metadata.provider_name : undefined
  return new RouterError({
    status,
    code,
    message,
    ...(providerName !== undefined ? { providerName } : {}),
    ...(metadata ? { metadata } : {}),
  })
}
