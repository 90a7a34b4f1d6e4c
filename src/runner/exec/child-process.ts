import { spawn, type ChildProcess } from 'node:child_process'
import { killMarked, MARK_VARIABLE } from './stray-processes.js'

/**
 * One exec case's process: spawned through the shell in its own process group with the case's
 * environment, watched until it ends (stdout and a stderr tail kept), killed at the deadline.
 */

const EXEC_PLACEHOLDER_KEY = 'sk-or-cascade-harness-exec'
/** Linux refuses one environment string over 128 KiB (MAX_ARG_STRLEN): beyond this, stdin only. */
const MAX_ENV_REQUEST_BYTES = 120 * 1024
/** The most of a command's stdout read as its answer; past it the command is stopped and the case fails. */
export const MAX_STDOUT_BYTES = 16 * 1024 * 1024
const STDERR_TAIL_CHARS = 64 * 1024
/** After the command exits, how long a background process it left may hold its stdout open. */
const EXIT_GRACE_MS = 500
/** After a kill, how long to wait for the pipes to close before giving up on them. */
const KILL_GRACE_MS = 2000

/** What the process needs to know about its case. */
export interface CommandSetup {
  /** The shell command (`client.exec`). */
  command: string
  /** The scenario file's folder, absolute: the command runs there. */
  cwd: string
  caseId: string
  /** The scenario's request, serialized. */
  requestJson: string
}

/** What marks the processes of one case (see stray-processes.ts). */
export interface CaseMark {
  /** `<run>:<case token>`, inherited by everything the command starts. */
  mark: string
}

export function spawnCommand(setup: CommandSetup & CaseMark, baseUrl: string): ChildProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OPENROUTER_BASE_URL: baseUrl,
    OPENAI_BASE_URL: baseUrl,
    // Never the real key, under either name: an offline run needs none, and a command that ignored the
    // base URL must not reach a real router with it.
    OPENROUTER_API_KEY: EXEC_PLACEHOLDER_KEY,
    OPENAI_API_KEY: EXEC_PLACEHOLDER_KEY,
    // Requests to the local emulator must not go through a proxy the machine may have configured.
    NO_PROXY: [process.env.NO_PROXY, '127.0.0.1,localhost'].filter(Boolean).join(','),
    no_proxy: [process.env.no_proxy, '127.0.0.1,localhost'].filter(Boolean).join(','),
    CASCADE_CASE: setup.caseId,
    [MARK_VARIABLE]: setup.mark,
  }
  if (Buffer.byteLength(setup.requestJson) <= MAX_ENV_REQUEST_BYTES) env.CASCADE_REQUEST = setup.requestJson
  else delete env.CASCADE_REQUEST
  const child = spawn(setup.command, {
    shell: true,
    cwd: setup.cwd,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group, so a kill reaches whatever the shell started too.
    detached: process.platform !== 'win32',
    windowsHide: true,
  })
  // A command that never reads stdin may exit before the write: EPIPE is not its fault.
  child.stdin?.on('error', () => undefined)
  child.stdin?.end(setup.requestJson)
  return child
}

/** How the child ended, with what it wrote. */
export interface ChildEnd {
  /** Null when it was killed by a signal. */
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** Killed by us at the deadline. */
  hung: boolean
  /** Killed by us because stdout passed MAX_STDOUT_BYTES: the answer is incomplete. */
  stdoutOverflow: boolean
  /** Processes the command left running after it ended (a background job, a setsid daemon), killed by us. */
  strays: number
  deadlineMs: number
}

export function watchChild(
  child: ChildProcess,
  deadlineMs: number,
  mark: string,
): { kill: () => void; done: Promise<ChildEnd> } {
  const stdout: Buffer[] = []
  let stdoutBytes = 0
  let stderr = ''
  let hung = false
  let stdoutOverflow = false
  let exited = false
  let strays: Promise<number> = Promise.resolve(0)
  child.stdout?.on('data', (chunk: Buffer) => {
    if (stdoutOverflow) return
    stdoutBytes += chunk.length
    if (stdoutBytes > MAX_STDOUT_BYTES) {
      // An answer cut at the limit would be judged as if whole: stop the command and say so instead.
      stdoutOverflow = true
      stdout.length = 0
      killGroup()
      releasePipesAfter(KILL_GRACE_MS)
      return
    }
    stdout.push(chunk)
  })
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS)
  })

  let graceTimer: NodeJS.Timeout | undefined
  /** Closes our ends of the pipes when something outside the group keeps them open. */
  const releasePipesAfter = (ms: number) => {
    clearTimeout(graceTimer)
    graceTimer = setTimeout(() => {
      // After the poll phase: if the event loop stalled past the grace time, data already in the pipes
      // is read first, so a slow machine never truncates a command's answer.
      setImmediate(() => {
        child.stdout?.destroy()
        child.stderr?.destroy()
      })
    }, ms)
    graceTimer.unref()
  }
  const killGroup = () => {
    try {
      if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL')
      else child.kill('SIGKILL')
    } catch {
      // ESRCH: the group is already gone.
    }
  }
  const kill = () => {
    if (!exited) hung = true
    killGroup()
    void killMarked(mark)
    releasePipesAfter(KILL_GRACE_MS)
  }

  const deadline = setTimeout(kill, deadlineMs)
  const done = new Promise<ChildEnd>((resolve, reject) => {
    child.once('error', (error) => {
      clearTimeout(deadline)
      clearTimeout(graceTimer)
      reject(error)
    })
    child.once('exit', () => {
      exited = true
      // Whatever the command left running ends with it: its group (a background job), and what left
      // the group (setsid) but carries the case's mark. Counted: a client that leaves processes behind
      // is worth a warning.
      strays = killMarked(mark).then((count) => {
        killGroup()
        return count
      })
      releasePipesAfter(EXIT_GRACE_MS)
    })
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(deadline)
      clearTimeout(graceTimer)
      void strays.then((count) =>
        resolve({
          code,
          signal,
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr,
          hung,
          stdoutOverflow,
          strays: count,
          deadlineMs,
        }),
      )
    })
  })
  return { kill, done }
}
