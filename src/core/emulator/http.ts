import type { EmulatorResponse } from './types.js'

/**
 * The router's error envelope, and the error reply built from it (docs/router-behaviour.md §4.1).
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

/** The router's JSON error as a response (its status is the error's code). */
export function errorReply(error: RouterError): EmulatorResponse {
  return {
    status: error.code,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(errorEnvelope(error)),
  }
}
