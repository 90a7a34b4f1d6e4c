import type { TerminalStream } from './io.js'

/** The parts of a `process.stdout`-like stream the guard needs. */
export interface PipeStream extends TerminalStream {
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown
}

/**
 * `run | head` closes the pipe after a few lines: Node then emits EPIPE, and an unhandled stream error
 * kills the process with a stack trace and exit 1 even when the gate passed. The reader has gone, so
 * what is left to print is dropped; the gate's exit code stands. Other write errors are not ours to hide.
 */
export function closedPipeSafe(stream: PipeStream): TerminalStream {
  let closed = false
  stream.on('error', (error) => {
    if (error.code === 'EPIPE' || (closed && error.code === 'ERR_STREAM_DESTROYED')) {
      closed = true
      return
    }
    throw error
  })
  return {
    write: (text: string) => (closed ? false : stream.write(text)),
    get isTTY() {
      return stream.isTTY
    },
    get columns() {
      return stream.columns
    },
    ...(stream.hasColors
      ? { hasColors: (count?: number, env?: Record<string, string | undefined>) => stream.hasColors!(count, env) }
      : {}),
  }
}
