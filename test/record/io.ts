import type { CliIO } from '../../src/cli/io.js'

/** An in-process CliIO that keeps what a command writes. */
export function memoryIO(cwd: string, env: Record<string, string | undefined> = {}, options: { tty?: boolean } = {}) {
  const out = { stdout: '', stderr: '' }
  const io: CliIO = {
    cwd,
    env,
    stdout: { write: (text: string) => (out.stdout += text), isTTY: options.tty ?? false },
    stderr: { write: (text: string) => (out.stderr += text), isTTY: options.tty ?? false },
  }
  return { io, out }
}
