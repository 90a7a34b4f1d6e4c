/**
 * A worker thread has its own globals and its own sockets: neither the fetch patch nor the socket
 * guards of this thread reach it, and its requests could not be told apart by case anyway. So while
 * interception is on, a client that constructs a `worker_threads` Worker gets an error instead of a
 * thread, and its case fails saying why. Refusing was chosen over loading the interception into each
 * worker (execArgv/--import): that would need the case's emulator inside the worker and a channel
 * back for attribution, and a worker started with its own execArgv or `eval` could still skip it.
 * The Worker export is replaced (ESM bindings included); a reference taken before the harness
 * started is the one way around, and the README says so.
 */
import { syncBuiltinESMExports } from 'node:module'
import workerThreads from 'node:worker_threads'
import { STOPPED_BY_HARNESS } from '../../core/judge.js'
import type { CaseRoute } from './case-route.js'
import { processWideGuard, type Guard, type GuardSwitch } from './process-wide-guard.js'

/** Thrown by `new Worker(...)` in a client's case; the case fails with its message. */
export class WorkerRefusedError extends Error {
  constructor() {
    super(
      'the client started a worker thread, which the harness cannot intercept; nothing ran in it (make the request in the client, or use an { exec } client)',
    )
    // A crash of the harness's making: the judge prints the sentence as it is.
    this.name = STOPPED_BY_HARNESS
  }
}

export function guardWorkers(currentRoute: () => CaseRoute | undefined): GuardSwitch {
  return processWideGuard('cascade-harness.worker-guard', currentRoute, install)
}

function install(guard: Guard): void {
  const RealWorker = workerThreads.Worker
  // Only a client's case is refused: the harness and the tools around it (test runners) keep their workers.
  class GuardedWorker extends RealWorker {
    constructor(...args: ConstructorParameters<typeof RealWorker>) {
      const route = guard.active ? guard.currentRoute() : undefined
      if (route !== undefined) {
        const error = new WorkerRefusedError()
        // Reported even when the client catches it: a case that needed the worker did not test what it meant to.
        route.onUserError?.(error)
        throw error
      }
      super(...args)
    }
  }
  ;(workerThreads as { Worker: typeof RealWorker }).Worker = GuardedWorker
  syncBuiltinESMExports()
}
