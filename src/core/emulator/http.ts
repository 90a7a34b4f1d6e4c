/**
 * The router's error envelope and the few Response constructors the emulator uses (docs/router-behaviour.md §4.1).
 */

/** The `user_id` on error bodies; a fixed value so bodies are reproducible and name no real account. */
export const USER_ID = 'user_emulator'

/** `error` of the envelope, keys in wire order: message, code, metadata, availability. */
export interface RouterError {
  message: string
  code: number
  metadata?: Record<string, unknown>
  /** The 2026-08 model-availability object (docs/router-behaviour.md §4.4), when the option is on. */
  availability?: Record<string, unknown>
}

export interface ErrorEnvelope {
  error: RouterError
  user_id?: string
}

/**
 * The body the router sends for an error. `anonymous` leaves out `user_id`: a request without valid
 * credentials has no user to name.
 */
export function errorEnvelope(error: RouterError, anonymous = false): ErrorEnvelope {
  return anonymous ? { error } : { error, user_id: USER_ID }
}

const JSON_TYPE = 'application/json'

export function jsonResponse(body: unknown, status: number, headers?: Record<string, string>): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: headers ? { 'content-type': JSON_TYPE, ...headers } : { 'content-type': JSON_TYPE },
  })
}

export function errorResponse(
  error: RouterError,
  options: { status?: number; anonymous?: boolean; headers?: Record<string, string> } = {},
): Response {
  return jsonResponse(errorEnvelope(error, options.anonymous), options.status ?? error.code, options.headers)
}
