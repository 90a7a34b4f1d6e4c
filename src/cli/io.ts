/**
 * What a terminal stream tells us about itself. `process.stdout` is one; in-process tests pass a
 * plain object with the fields a case needs (isTTY, columns, hasColors).
 */
export interface TerminalStream {
  write(text: string): unknown
  isTTY?: boolean
  /** Width in columns, on a terminal. */
  columns?: number
  /** `tty.WriteStream#hasColors`: whether the terminal behind the stream shows colors. */
  hasColors?(count?: number, env?: Record<string, string | undefined>): boolean
}

/** What a command may touch of the outside world: injected so tests run commands in-process. */
export interface CliIO {
  cwd: string
  env: Record<string, string | undefined>
  stdout: TerminalStream
  stderr: TerminalStream
}

/** A command parses its own flags and returns an exit code; it never calls process.exit. */
export type Command = (argv: string[], io: CliIO) => Promise<number>
