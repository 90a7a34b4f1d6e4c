import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { main } from '../../src/cli/main.js'

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
/** The built bin (dist/, built by `npm test`), for the few tests that spawn it. */
export const BIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url))

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

export interface CliOptions {
  cwd?: string
  env?: Record<string, string | undefined>
}

/** The environment a CLI test sees: no colour, not in CI, plus the test's own keys (undefined removes one). */
function cliEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const merged: Record<string, string | undefined> = {
    ...process.env,
    NO_COLOR: '1',
    CI: undefined,
    GITHUB_ACTIONS: undefined,
    ...extra,
  }
  // Unset keys must be absent, not the string "undefined".
  return Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined))
}

/**
 * Runs the CLI in this process through `main(argv, io)`, the bin's own entry: the same parsing,
 * commands, output and exit code, without a Node start and module load per call (a spawn costs
 * about a second on a loaded 2-core machine). Use this for behaviour; keep `runCli` for the few
 * smoke tests that prove the built bin itself starts, exits and writes to real streams.
 *
 * stdout and stderr are plain strings, not TTYs, as in a pipe.
 */
export async function runMain(args: string[], options: CliOptions = {}): Promise<CliResult> {
  let stdout = ''
  let stderr = ''
  const code = await main(args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: cliEnv(options.env),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  })
  return { code, stdout, stderr }
}

/** Runs the built CLI (dist/, built by `npm test`) as a user would, in a child process on the Node running the tests. */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: cliEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/**
 * Output with its wrapped sentences joined again: off a terminal the report wraps at 80 columns,
 * continuing a sentence on an indented line, so a test looks for the words, not the line breaks.
 */
export function unwrapped(text: string): string {
  return text.replace(/[ \t]*\n[ \t]+/g, ' ')
}
