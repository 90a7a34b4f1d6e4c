import { STOPPED_BY_HARNESS } from '../../core/judge.js'
import type { Interception } from '../intercept/index.js'

/**
 * User code (scenario modules, the config, function clients) runs inside the harness's process, so it
 * could end the run: `process.exit(0)` would exit 0 with no report, beside a failing case; an unhandled
 * rejection or a late throw from a timer would print a raw stack and exit 1. The CLI installs this
 * guard for its whole life (the harness itself never calls process.exit): a call to process.exit
 * throws UserExitError where it was made, and an uncaught error is handed to the case whose async
 * context it came from (see CaseRoute.onUserError), or to the load in progress. Anything else is the
 * harness's own bug: one sentence and exit 3.
 */

/** Thrown by process.exit while the guard is on: the client or module that called it stops there. */
export class UserExitError extends Error {
  readonly exitCode: unknown
  constructor(exitCode: unknown) {
    super(
      `process.exit(${exitCode === undefined ? '' : String(exitCode)}) was called, which would have ended the whole run; the harness refused it`,
    )
    this.name = STOPPED_BY_HARNESS
    this.exitCode = exitCode
  }
}

/** Errors from user code while modules load, with no case to blame: the loader turns them into an input error. */
const loadErrors: unknown[] = []
let loading = 0

/** Marks user modules loading: uncaught errors meanwhile are theirs (see takeLoadErrors). */
export async function whileLoadingUserCode<T>(load: () => Promise<T>): Promise<T> {
  loading++
  try {
    return await load()
  } finally {
    loading--
  }
}

/** The uncaught errors user modules caused while loading, once. */
export function takeLoadErrors(): unknown[] {
  return loadErrors.splice(0)
}

let installed = false

/** True in the CLI's own process, where the guard is on for the process's whole life. */
export function userCodeGuarded(): boolean {
  return installed
}

/** The interception's slot (intercept/index.ts), read without loading msw: `lint` never starts it. */
function currentRoute() {
  const slots = globalThis as { [key: symbol]: Interception | undefined }
  return (
    slots[Symbol.for('cascade-harness.interception')] ?? slots[Symbol.for('cascade-harness.interception.last')]
  )?.currentRoute()
}

export function installUserCodeGuard(io: { stderr: { write(text: string): unknown } }): void {
  if (installed) return
  installed = true
  const exit = process.exit.bind(process)
  process.exit = ((code?: unknown) => {
    throw new UserExitError(code)
  }) as typeof process.exit

  const onError = (error: unknown) => {
    const route = currentRoute()
    if (route?.onUserError?.(error)) return
    if (route !== undefined) {
      // A client's timer fired after the report was made: the gate must not pass on what it missed.
      io.stderr.write(`${describeUserError(error)}; it came after the run's report was made, so the run fails.\n`)
      if (!process.exitCode) process.exitCode = 1
      return
    }
    if (loading > 0) {
      loadErrors.push(error)
      return
    }
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    io.stderr.write(
      `cascade-harness hit an error outside any case or load (a bug on our side, or user code running after its case): ${detail}\nSet CASCADE_DEBUG=1 for the stack trace and report it with the command you ran.\n`,
    )
    if (process.env.CASCADE_DEBUG && error instanceof Error) io.stderr.write(`${error.stack}\n`)
    exit(3)
  }
  process.on('uncaughtException', onError)
  process.on('unhandledRejection', onError)
}

/** The sentence for an error user code left uncaught (an unhandled rejection, a throw from a timer). */
export function describeUserError(error: unknown): string {
  if (error instanceof UserExitError) return clientExit(error.message)
  // A refusal of the harness's (a worker thread) already is the sentence.
  if (error instanceof Error && error.name === STOPPED_BY_HARNESS) return error.message
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : `a non-Error value: ${String(error)}`
  return `the client left an error no code caught (an unhandled rejection or a throw from a timer): ${detail}; it would have ended the run with a stack trace`
}

/** "process.exit(0) was called, ..." as the client's act. */
export function clientExit(message: string): string {
  return message.replace(/^process\.exit\((.*?)\) was called/, 'the client called process.exit($1)')
}
