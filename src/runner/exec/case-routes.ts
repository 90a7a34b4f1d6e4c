import { errorResponse, isConnectionReset } from '../../adapters/http-server/index.js'
import type { Emulator } from '../../core/emulator/types.js'

/** Where `/case/<token>/...` on the exec host's server goes: the emulator of the case holding `<token>`. */
export interface CaseRoute {
  emulator: Emulator
  /** A request under the case's base URL that is not under `/api/v1`. */
  onUnhandled: (url: string) => void
  /** The emulator failed on a request (our bug); the child saw a 500. */
  onEmulatorError: (error: unknown) => void
}

export const CASE_PREFIX = '/case/'

/** The request handler of the exec host's server, routing each request by its case token. */
export function routeByCase(routes: ReadonlyMap<string, CaseRoute>): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url)
    const match = /^\/case\/([^/]+)(\/.*)?$/.exec(url.pathname)
    const route = match ? routes.get(match[1] as string) : undefined
    if (!match || !route) {
      return errorResponse(
        404,
        'cascade-harness exec: no running case has this base URL; a client must use OPENROUTER_BASE_URL (or OPENAI_BASE_URL) as given to it, and only while its case runs.',
      )
    }
    const rest = match[2] ?? '/'
    if (rest !== '/api/v1' && !rest.startsWith('/api/v1/')) {
      route.onUnhandled(`http://127.0.0.1:<port>/case/<token>${rest}`)
      return errorResponse(
        404,
        `cascade-harness exec: ${rest} is not under the base URL /api/v1; the harness emulates the router's /api/v1 only.`,
      )
    }
    // The emulator sees what an in-process client's request looks like: the router's own URL.
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer()
    const forwarded = new Request(`https://openrouter.ai${rest}${url.search}`, {
      method: request.method,
      headers: request.headers,
      body,
      signal: request.signal,
    })
    try {
      return await route.emulator.handle(forwarded)
    } catch (error) {
      // A reset is a planned transport fault (serveEmulator cuts the socket); anything else is ours.
      if (!isConnectionReset(error)) route.onEmulatorError(error)
      throw error
    }
  }
}
