import { NON_ERROR, type ClientRun } from '../core/judge.js'

/**
 * Runs the client and reduces what it did to data: a returned value, a thrown error (name and
 * message), or a hang past the deadline. The deadline aborts `controller` so a well-behaved client
 * can stop its own requests.
 */
export async function captureRun(call: (signal: AbortSignal) => Promise<unknown>, deadlineMs: number): Promise<ClientRun> {
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

export function describeError(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name || error.constructor.name, message: error.message }
  return { name: NON_ERROR, message: `the client threw a non-Error value: ${safeString(error)}` }
}

function safeString(value: unknown): string {
  try {
    return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}
