import { crashClassOf, NON_ERROR, type ClientRun } from '../core/judge.js'

/**
 * Runs the client and reduces what it did to data: a returned value, a thrown error (name and
 * message), or a hang past the deadline. The deadline aborts `controller` so a well-behaved client
 * can stop its own requests.
 */
export async function captureRun(
  call: (signal: AbortSignal) => Promise<unknown>,
  deadlineMs: number,
): Promise<ClientRun> {
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const hung = new Promise<ClientRun>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new DOMException(`The case deadline of ${deadlineMs} ms passed`, 'TimeoutError'))
      resolve({ kind: 'hung', deadlineMs })
    }, deadlineMs)
  })
  const ran = (async (): Promise<ClientRun> => {
    try {
      return { kind: 'returned', value: await call(controller.signal) }
    } catch (error) {
      return { kind: 'threw', error: describeError(error) }
    }
  })()
  try {
    return await Promise.race([ran, hung])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * A thrown value as the judge reads it: its name and message. An instance of a crash class under a
 * name of its own (\`class ParseError extends SyntaxError\`) is named by its crash class, with its own
 * name kept at the head of the message, as \`{ exec }\` commands' Python errors are.
 */
export function describeError(error: unknown): { name: string; message: string } {
  const crash = crashClassOf(error)
  if (error instanceof Error || crash !== undefined) {
    const { name: own, message } = error as Error
    const name = String(own || (error as Error).constructor?.name || 'Error')
    return crash !== undefined && crash !== name
      ? { name: crash, message: `${name}: ${message}` }
      : { name, message: String(message) }
  }
  return { name: NON_ERROR, message: `the client threw a non-Error value: ${safeString(error)}` }
}

function safeString(value: unknown): string {
  try {
    return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))
  } catch {
    return String(value)
  }
}
