/**
 * The emulator as msw request handlers, for apps whose test suites already run an msw server:
 * mount these next to their own handlers and the router answers in-process.
 *
 * The harness's own runner does not go through msw's handler layer: it measured 60-200 µs a request
 * more than the fetch-level path in adapters/intercept (docs/decisions/interception.md). This adapter
 * is the same pure emulator behind msw's API, a few lines, for users who want it.
 *
 * @example
 * import { setupServer } from 'msw/node'
 * import { createEmulator, BUILTIN_CATALOG } from 'cascade-harness'
 * import { createRouterHandlers } from 'cascade-harness/msw'
 * const emulator = createEmulator({ catalog: BUILTIN_CATALOG, plan: { id: 'p', at: { '0': 'rate_limit' }, expect: { servedBy: null } }, seed: 1, options: {} })
 * const server = setupServer(...createRouterHandlers(emulator))
 */
import { http, HttpResponse } from 'msw'
import type { Emulator } from '../../core/emulator/types.js'

import { OPENROUTER_BASE_URL } from '../../core/router-url.js'

export function createRouterHandlers(emulator: Pick<Emulator, 'handle'>, baseUrl: string = OPENROUTER_BASE_URL) {
  return [
    http.all(`${baseUrl.replace(/\/$/, '')}/*`, async ({ request }) => {
      try {
        return await emulator.handle(request)
      } catch (error) {
        // The emulator signals a reset connection by rejecting with a TypeError: a network error for the client.
        if (error instanceof TypeError) return HttpResponse.error()
        throw error
      }
    }),
  ]
}
