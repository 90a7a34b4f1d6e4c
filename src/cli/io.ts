/** What a command may touch of the outside world: injected so tests run commands in-process. */
export interface CliIO {
  cwd: string
  env: Record<string, string | undefined>
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number }
  stderr: { write(text: string): unknown; isTTY?: boolean }
}

/** A command parses its own flags and returns an exit code; it never calls process.exit. */
export type Command = (argv: string[], io: CliIO) => Promise<number>
