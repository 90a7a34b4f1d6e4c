/**
 * In-process interception of every HTTP client a Node app may use, for clients run by the harness:
 * the global fetch (the openai SDK, the AI SDK with @openrouter/ai-sdk-provider, ofetch, ...) on a
 * fetch-level path, and node:http / node:https / axios / undici on a socket-level path. Each request
 * is attributed to the case whose `runInCase` it was made under (AsyncLocalStorage), answered by
 * that case's emulator, or refused with a network error: nothing ever reaches the network.
 *
 * @example
 * const interception = startInterception()
 * const failures: string[] = []
 * const result = await interception.runInCase(
 *   { emulator, onUnhandled: (url) => failures.push(describeUnhandledRequest(url)) },
 *   () => userClient(input),
 * )
 * interception.stop()
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { HarnessError } from '../../errors.js'
import { matcherFor, type CaseRoute } from './case-route.js'
import { createInterceptedFetch } from './global-fetch.js'
import { interceptSockets } from './socket-interceptor.js'
import { guardRawSockets } from './raw-socket-guard.js'
import { guardWorkers } from './worker-guard.js'
import { guardChildProcesses } from './child-process-guard.js'

export type { CaseRoute } from './case-route.js'
export { describeUnhandledRequest, UnhandledRequestError } from './errors.js'

export interface Interception {
  /**
   * Runs `fn` as one case: every HTTP request made in its async context goes to `route.emulator`
   * (or is refused, calling `route.onUnhandled`). Cases may run concurrently.
   */
  runInCase<T>(route: CaseRoute, fn: () => Promise<T>): Promise<T>
  /** Restores the global fetch and the sockets. Later `runInCase` calls throw. */
  stop(): void
  /** False once stopped. */
  readonly active: boolean
  /** The case whose async context the caller is in (timers and promises a client started keep it). */
  currentRoute(): CaseRoute | undefined
}

/**
 * The one interception of this process, shared across module copies (vitest loads a module graph per
 * test file in the same worker): patching twice would stack a fetch over ours.
 */
const SLOT = Symbol.for('cascade-harness.interception')
const LAST = Symbol.for('cascade-harness.interception.last')
type Slot = { [SLOT]?: Interception }

/** The interception running in this process, if any. */
export function runningInterception(): Interception | undefined {
  return (globalThis as Slot)[SLOT]
}

/** Starts interception, or returns the one already running in this process. */
export function startInterception(): Interception {
  const slot = globalThis as Slot
  const running = slot[SLOT]
  if (running !== undefined) return running

  const cases = new AsyncLocalStorage<CaseRoute>()
  const currentRoute = () => cases.getStore()
  const originalFetch = globalThis.fetch
  const interceptedFetch = createInterceptedFetch(currentRoute)
  // Sockets first: a request that slips past the fetch path (a fetch captured earlier) is still caught.
  const disposeSockets = interceptSockets(currentRoute)
  // What msw would pass through (other protocols, UDP) is refused at the handles.
  const rawSockets = guardRawSockets(currentRoute)
  rawSockets.enable()
  // Other threads and processes: a client's worker thread is refused, its child processes get a refusing proxy.
  const workers = guardWorkers(currentRoute)
  workers.enable()
  const children = guardChildProcesses(currentRoute)
  children.enable()
  globalThis.fetch = interceptedFetch
  let active = true

  const interception: Interception = {
    currentRoute,
    get active() {
      return active
    },
    runInCase(route, fn) {
      if (!active) {
        return Promise.reject(
          new HarnessError(
            'E_INTERCEPTION_STOPPED',
            'runInCase was called after the interception was stopped, so its requests could reach the network; call startInterception() again first',
          ),
        )
      }
      try {
        // Checked before the case runs: a bad base URL is the caller's mistake, not a client's network error.
        matcherFor(route)
      } catch (error) {
        return Promise.reject(error)
      }
      return cases.run(route, async () => fn())
    },
    stop() {
      if (!active) return
      active = false
      // Leave a fetch someone installed over ours in place; restoring would drop theirs.
      if (globalThis.fetch === interceptedFetch) globalThis.fetch = originalFetch
      disposeSockets()
      rawSockets.disable()
      workers.disable()
      children.disable()
      if (slot[SLOT] === interception) delete slot[SLOT]
    },
  }
  slot[SLOT] = interception
  // Kept after stop(): an error a client's timer throws once the run is over is still traced to its case.
  ;(globalThis as { [LAST]?: Interception })[LAST] = interception
  return interception
}
