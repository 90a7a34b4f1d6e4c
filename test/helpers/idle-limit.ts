import { performance } from 'node:perf_hooks'

/**
 * A careful test client's "give up on a router that never answers": `signal` (the case's), or an
 * abort once this process's event loop has been idle for `ms`, whichever comes first.
 *
 * Why idle time and not `AbortSignal.timeout(ms)`: a test runs the client, the emulator and dozens of
 * other cases in one process. A stall leaves the process waiting, so the limit counts as wall time
 * and the client gives up after `ms`, as an app would. Time the process spends working, or runnable
 * but waiting for a CPU on a loaded machine, does not count: with wall time, at load 12 on 2 cores,
 * 1.5 s aborted answers that were being served (SDK clients failing with "aborted" on clean cases).
 */
export function withIdleLimit(signal: AbortSignal, ms: number, reason: () => Error): AbortSignal {
  const limit = new AbortController()
  const start = performance.eventLoopUtilization()
  const check = setInterval(
    () => {
      if (performance.eventLoopUtilization(start).idle >= ms) limit.abort(reason())
    },
    Math.min(50, ms / 10),
  )
  // Does not keep a process alive on its own, like AbortSignal.timeout.
  check.unref()
  limit.signal.addEventListener('abort', () => clearInterval(check), { once: true })
  if (signal.aborted) limit.abort(signal.reason)
  else signal.addEventListener('abort', () => limit.abort(signal.reason), { once: true })
  return limit.signal
}
