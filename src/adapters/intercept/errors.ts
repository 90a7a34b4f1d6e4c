/**
 * The sentences and errors a client sees when the harness refuses a request. A refused request never
 * reaches the network: the client gets a network error (fetch rejects with `TypeError: fetch failed`,
 * node:http emits `error`) whose cause is one of these errors.
 */
import { HarnessError } from '../../errors.js'

/** The sentence the runner fails a case with when its client called a URL the harness does not emulate. */
export function describeUnhandledRequest(url: string): string {
  return `the client called ${url}, which the harness does not emulate; nothing is sent to the network`
}

/** The sentence for a request made while interception is on but outside any case. */
export function describeRequestOutsideCase(url: string): string {
  return `the client called ${url} outside any harness case, so no emulator answers it; nothing is sent to the network`
}

/** The cause of the network error a client gets for a URL its case's router does not own. */
export class UnhandledRequestError extends HarnessError {
  readonly url: string
  constructor(url: string) {
    super('E_UNHANDLED_REQUEST', describeUnhandledRequest(url))
    this.url = url
  }
}

/** The cause of the network error a client gets for a request made outside any case. */
export class RequestOutsideCaseError extends HarnessError {
  readonly url: string
  constructor(url: string) {
    super('E_REQUEST_OUTSIDE_CASE', describeRequestOutsideCase(url))
    this.url = url
  }
}

/**
 * The error a transport fault surfaces as. The emulator signals a reset connection by rejecting with
 * a TypeError whose cause carries a code (`ECONNRESET`); that cause is kept when it is an Error, else
 * one shaped like Node's own (`read ECONNRESET`, code `ECONNRESET`) is built, so clients that branch
 * on `error.code` (the openai SDK, axios, retry helpers) treat it as the real thing.
 */
export function transportError(cause: unknown): Error {
  if (cause instanceof Error && typeof (cause as NodeJS.ErrnoException).code === 'string') return cause
  const code = (cause as { code?: unknown } | undefined)?.code
  const error: NodeJS.ErrnoException = new Error(typeof code === 'string' ? `read ${code}` : 'read ECONNRESET')
  error.code = typeof code === 'string' ? code : 'ECONNRESET'
  if (error.code === 'ECONNRESET') error.errno = -104
  error.syscall = 'read'
  return error
}
