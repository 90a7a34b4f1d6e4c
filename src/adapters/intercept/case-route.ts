/**
 * The one decision every transport shares: given the case a request belongs to (if any) and the
 * request, answer with the emulator's response or with a network error. Transports (the global
 * fetch, the socket interceptor) only translate that verdict for their client.
 */
import type { Emulator } from '../../core/emulator/types.js'
import { compileRouterUrls, type RouterUrlMatcher } from './router-urls.js'
import { RequestOutsideCaseError, UnhandledRequestError, transportError } from './errors.js'

/** Where the requests of one case go. */
export interface CaseRoute {
  /** Answers every request to the router's URLs. */
  emulator: Emulator
  /**
   * Called with the URL of a request that the router does not own (the client then gets a network
   * error). The runner fails the case with `describeUnhandledRequest(url)`.
   */
  onUnhandled(url: string): void
  /** Base URLs the router answers on; default `['https://openrouter.ai/api/v1']`. */
  baseUrls?: readonly string[]
  /**
   * Called when `emulator.handle` throws something other than a connection reset (a bug in the
   * emulator). The client still gets a network error; without this hook it could pass as "surfaced".
   */
  onEmulatorError?(error: unknown): void
  /**
   * Called with an error the case's client left uncaught (an unhandled rejection, a throw from one of
   * its timers, a process.exit call there), when the CLI's user-code guard is on. False when it came
   * too late for the case's report (the run was over): the guard then says so itself.
   */
  onUserError?(error: unknown): boolean
}

/** What the client gets: the emulator's response, or a network error with this cause. */
export type Verdict = { response: Response; error?: undefined } | { response?: undefined; error: Error }

const matchers = new WeakMap<CaseRoute, RouterUrlMatcher>()

/** Compiles the route's base URLs once per route; throws on a base URL that is not absolute. */
export function matcherFor(route: CaseRoute): RouterUrlMatcher {
  let matcher = matchers.get(route)
  if (matcher === undefined) {
    matcher = compileRouterUrls(route.baseUrls)
    matchers.set(route, matcher)
  }
  return matcher
}

/** A reset connection, as the emulator signals it: a TypeError (like fetch's) with a coded cause. */
export function isTransportFault(error: unknown): error is TypeError {
  if (!(error instanceof TypeError)) return false
  const cause = error.cause as { code?: unknown } | undefined
  return typeof cause?.code === 'string'
}

function onRouterUrl(request: Request, routerUrl: string): Request {
  if (routerUrl === request.url) return request
  // The init copies everything the emulator reads; `duplex` is required to carry a stream body.
  return new Request(routerUrl, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: request.signal,
    duplex: 'half',
  } as RequestInit)
}

export async function decide(route: CaseRoute | undefined, request: Request): Promise<Verdict> {
  if (route === undefined) return { error: new RequestOutsideCaseError(request.url) }
  const routerUrl = matcherFor(route)(request.url)
  if (routerUrl === undefined) {
    route.onUnhandled(request.url)
    return { error: new UnhandledRequestError(request.url) }
  }
  try {
    return { response: await route.emulator.handle(onRouterUrl(request, routerUrl)) }
  } catch (error) {
    if (isTransportFault(error)) return { error: transportError(error.cause) }
    route.onEmulatorError?.(error)
    return { error: error instanceof Error ? error : new Error(String(error)) }
  }
}
