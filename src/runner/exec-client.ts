import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { errorResponse, isConnectionReset, serveEmulator, type EmulatorServer } from '../adapters/http-server/index.js'
import type { Emulator } from '../core/emulator/types.js'
import { KILLED_BY_SIGNAL, NON_ERROR, type ClientRun } from '../core/judge.js'
import { scrubText } from '../adapters/cassette-store/redact.js'
import { InputError } from '../errors.js'

/**
 * `client: { exec: 'python app.py' }`: the client under test is an external command, run once per
 * case through the shell, in the scenario file's folder. It reaches its case's emulator over HTTP:
 * one server per run on 127.0.0.1 (started on the first exec case, closed by `close()`), where
 * `/case/<token>/api/v1/...` goes to the emulator of the case that holds `<token>`. The child gets
 * the parent's environment plus
 *
 * - `OPENROUTER_BASE_URL` and `OPENAI_BASE_URL`: `http://127.0.0.1:PORT/case/<token>/api/v1`;
 * - `OPENROUTER_API_KEY`: always the placeholder `sk-or-cascade-harness-exec`, never the parent's real key:
 *   an offline run needs none, and a command that ignored the base URL must not reach the router with it;
 * - `CASCADE_REQUEST`: the scenario's request as JSON (also written to its stdin, then closed);
 * - `CASCADE_CASE`: the case id (`rate_limit@0-1`, ...).
 *
 * What it did becomes data (`ClientRun`, judged like a function client's): exit 0 is a returned
 * result, stdout parsed as JSON (stdout that is not JSON is returned as a string, so the contract
 * says why it fails); any other exit is a thrown `ExitCode` error carrying the last stderr line,
 * unless stderr shows an uncaught bug (see `exitRun`): that is a crash. Past the deadline the
 * process group is killed: a hang.
 */

export const EXEC_PLACEHOLDER_KEY = 'sk-or-cascade-harness-exec'
const CASE_PREFIX = '/case/'
/** Linux refuses one environment string over 128 KiB (MAX_ARG_STRLEN): beyond this, stdin only. */
const MAX_ENV_REQUEST_BYTES = 120 * 1024
const MAX_STDOUT_BYTES = 16 * 1024 * 1024
const STDERR_TAIL_CHARS = 64 * 1024
/** After the command exits, how long a background process it left may hold its stdout open. */
const EXIT_GRACE_MS = 500
/** After a kill, how long to wait for the pipes to close before giving up on them. */
const KILL_GRACE_MS = 2000

export interface ExecCase {
  /** The shell command (`client.exec`). */
  command: string
  /** The scenario file's folder, absolute: the command runs there. */
  cwd: string
  /** The scenario file as reports show it, for the sentence when the shell cannot run the command. */
  file: string
  caseId: string
  /** The scenario's request, serialized. */
  requestJson: string
  emulator: Emulator
  deadlineMs: number
  /** A request under the case's base URL that is not under `/api/v1`. */
  onUnhandled: (url: string) => void
  /** The emulator failed on a request (our bug); the child saw a 500. */
  onEmulatorError: (error: unknown) => void
}

export interface ExecHost {
  /** Runs one case's command against its emulator and reduces what it did to data. */
  runCase(setup: ExecCase): Promise<ClientRun>
  /** Kills the commands still running, waits for them, and closes the server (if one started). */
  close(): Promise<void>
}

interface Route {
  emulator: Emulator
  onUnhandled: (url: string) => void
  onEmulatorError: (error: unknown) => void
}

export function createExecHost(): ExecHost {
  const routes = new Map<string, Route>()
  const running = new Set<{ kill: () => void; done: Promise<unknown> }>()
  let server: Promise<EmulatorServer> | undefined
  let closed = false

  const start = () =>
    (server ??= serveEmulator({
      port: 0,
      host: '127.0.0.1',
      handle: async (request) => {
        const url = new URL(request.url)
        const match = /^\/case\/([^/]+)(\/.*)?$/.exec(url.pathname)
        const route = match ? routes.get(match[1] as string) : undefined
        if (!match || !route) {
          return errorResponse(404, 'cascade-harness exec: no running case has this base URL; a client must use OPENROUTER_BASE_URL (or OPENAI_BASE_URL) as given to it, and only while its case runs.')
        }
        const rest = match[2] ?? '/'
        if (rest !== '/api/v1' && !rest.startsWith('/api/v1/')) {
          route.onUnhandled(`http://127.0.0.1:<port>/case/<token>${rest}`)
          return errorResponse(404, `cascade-harness exec: ${rest} is not under the base URL /api/v1; the harness emulates the router's /api/v1 only.`)
        }
        // The emulator sees what an in-process client's request looks like: the router's own URL.
        const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer()
        const forwarded = new Request(`https://openrouter.ai${rest}${url.search}`, { method: request.method, headers: request.headers, body })
        try {
          return await route.emulator.handle(forwarded)
        } catch (error) {
          // A reset is a planned transport fault (serveEmulator cuts the socket); anything else is ours.
          if (!isConnectionReset(error)) route.onEmulatorError(error)
          throw error
        }
      },
    }))

  /**
   * Each command runs in its own process group (so a kill reaches what it started), which also keeps
   * a terminal's Ctrl-C from reaching it: while commands run, the harness passes SIGINT and SIGTERM on
   * as a kill, then dies of the signal as it would have, and kills them if it exits early.
   */
  const killAll = () => {
    for (const entry of running) entry.kill()
  }
  const onSignal = (signal: NodeJS.Signals) => {
    killAll()
    unguard()
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
  }
  const guard = () => {
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
    process.on('exit', killAll)
  }
  const unguard = () => {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    process.off('exit', killAll)
  }

  async function runCase(setup: ExecCase): Promise<ClientRun> {
    const refuse = () => new Error('the exec host is closed: no case may start after the run ended')
    if (closed) throw refuse()
    const { url } = await start()
    if (closed) throw refuse()
    const token = randomUUID()
    routes.set(token, { emulator: setup.emulator, onUnhandled: setup.onUnhandled, onEmulatorError: setup.onEmulatorError })
    try {
      const child = spawnCommand(setup, `${url}${CASE_PREFIX}${token}/api/v1`)
      const watched = watchChild(child, setup.deadlineMs)
      const entry = { kill: watched.kill, done: watched.done }
      if (running.size === 0) guard()
      running.add(entry)
      try {
        const ended = await watched.done
        return exitRun(ended, setup)
      } finally {
        running.delete(entry)
        if (running.size === 0) unguard()
      }
    } finally {
      routes.delete(token)
    }
  }

  async function close(): Promise<void> {
    closed = true
    const left = [...running]
    for (const entry of left) entry.kill()
    await Promise.allSettled(left.map((entry) => entry.done))
    if (server) await (await server).close()
  }

  return { runCase, close }
}

function spawnCommand(setup: ExecCase, baseUrl: string): ChildProcess {
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
  deadlineMs: number
}

function watchChild(child: ChildProcess, deadlineMs: number): { kill: () => void; done: Promise<ChildEnd> } {
  const stdout: Buffer[] = []
  let stdoutBytes = 0
  let stderr = ''
  let hung = false
  let exited = false
  child.stdout?.on('data', (chunk: Buffer) => {
    if (stdoutBytes >= MAX_STDOUT_BYTES) return
    stdout.push(chunk)
    stdoutBytes += chunk.length
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
      // Whatever the command left running in its group (a background job) ends with it.
      killGroup()
      releasePipesAfter(EXIT_GRACE_MS)
    })
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(deadline)
      clearTimeout(graceTimer)
      resolve({ code, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr, hung, deadlineMs })
    })
  })
  return { kill, done }
}

/**
 * What the command did, as the judge reads it (README.md "The default matrix"): the rules in the header of this
 * file. A shell that cannot run the command at all (exit 127 "not found", 126 "cannot execute") is bad
 * input, not a client's verdict: every case would fail the same way, or pass as "surfaced".
 */
export function exitRun(end: ChildEnd, setup: Pick<ExecCase, 'command' | 'file' | 'cwd'>): ClientRun {
  if (end.hung) return { kind: 'hung', deadlineMs: end.deadlineMs }
  const stderr = stripAnsi(end.stderr)
  if (end.code === 0) {
    const text = end.stdout.trim()
    try {
      return { kind: 'returned', value: JSON.parse(text) as unknown }
    } catch {
      return { kind: 'returned', value: text }
    }
  }
  const last = lastLine(stderr)
  if ((end.code === 127 && /not found|No such file/i.test(last)) || (end.code === 126 && /denied|cannot execute|not executable/i.test(last))) {
    throw new InputError(
      [{ file: setup.file, path: 'client.exec', problem: `the shell could not run \`${scrubText(setup.command, [])}\` in ${setup.cwd} (${last})`, fix: 'make the command run from the scenario file\'s folder (check the program is installed and on PATH, and the script path)' }],
      'E_EXEC',
    )
  }
  const uncaught = uncaughtError(stderr)
  if (uncaught?.crash) return { kind: 'threw', error: { name: uncaught.name, message: uncaught.message } }
  // A Node dump ends in stack frames and the version: the error's own line says more than the last one.
  const detail = uncaught?.line ?? last
  // Killed by a signal (a segfault, an abort, the OOM killer), or a shell reporting one as 128+n: a crash.
  if (end.code === null) return { kind: 'threw', error: { name: KILLED_BY_SIGNAL, message: `the command was killed by ${end.signal ?? 'a signal'}${detail === '' ? '' : `: ${detail}`}` } }
  if (end.code > 128 && end.code < 160) {
    return { kind: 'threw', error: { name: KILLED_BY_SIGNAL, message: `the command was killed by signal ${end.code - 128} (exit code ${end.code})${detail === '' ? '' : `: ${detail}`}` } }
  }
  return { kind: 'threw', error: { name: 'ExitCode', message: detail === '' ? `the command exited with code ${end.code} and wrote nothing to stderr` : detail } }
}

/** An uncaught error at the end of stderr: its name for the judge, and whether it is a crash. */
export interface UncaughtError {
  /** The name the judge sees: a crash name (TypeError, SyntaxError, ...) when `crash`. */
  name: string
  message: string
  crash: boolean
  /** The error's own line (`InvoiceError: router said 402`), the best message for a surfaced error. */
  line: string
}

/** JavaScript errors that are bugs, never surfaced errors (judge.ts `isCrash`). */
const JS_CRASHES = new Set(['TypeError', 'SyntaxError', 'ReferenceError', 'RangeError'])

/**
 * Python exceptions that are bugs in the client, with the JavaScript error the judge counts them as.
 * A Python class keeps its own name in the message (`Python KeyError: 'choices'`).
 * - TypeError -> TypeError (the same bug);
 * - KeyError, AttributeError -> TypeError (JS: reading a property of undefined / null);
 * - IndexError -> TypeError (no JS twin: an index past the end reads undefined; counted as the
 *   TypeError that follows it);
 * - JSONDecodeError (json.decoder., requests.exceptions., simplejson.) -> SyntaxError (JSON.parse);
 * - SyntaxError, IndentationError, TabError -> SyntaxError;
 * - NameError, UnboundLocalError -> ReferenceError;
 * - RecursionError -> RangeError (JS: "Maximum call stack size exceeded").
 * Anything else uncaught (ValueError, the app's own exceptions, an SDK's APIStatusError) is a
 * surfaced error: the app chose to stop.
 */
const PYTHON_CRASHES: Readonly<Record<string, string>> = {
  TypeError: 'TypeError',
  KeyError: 'TypeError',
  AttributeError: 'TypeError',
  IndexError: 'TypeError',
  JSONDecodeError: 'SyntaxError',
  SyntaxError: 'SyntaxError',
  IndentationError: 'SyntaxError',
  TabError: 'SyntaxError',
  NameError: 'ReferenceError',
  UnboundLocalError: 'ReferenceError',
  RecursionError: 'RangeError',
}

/** `Name: message`, `Name [CODE]: message` (Node) or a bare `Name`; dotted for Python modules. */
const ERROR_LINE = /^([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)(?: \[[A-Za-z0-9_]+\])?(?::\s?(.*))?$/

/**
 * Reads the dump Node or Python writes for an uncaught error, when stderr ends with one.
 * - Node ends it with `Node.js vX.Y.Z`; the error's line follows the source line and its `^` marker
 *   (else it is the last unindented `Name: message` line followed by a stack frame). A thrown
 *   non-Error (`throw 'x'`, a promise rejected with one) is the judge's NonError.
 * - Python prints `Traceback (most recent call last):`, indented frames, then `Class: message` as the
 *   last line (the last traceback when exceptions are chained); a syntax error in the script has a
 *   `File "...", line N` frame and no Traceback line.
 * Output from the app itself before the dump (a logged, handled TypeError) is not read.
 */
export function uncaughtError(stderr: string): UncaughtError | undefined {
  const lines = stderr.split(/\r?\n/)
  return nodeUncaught(lines) ?? pythonUncaught(lines)
}

function nodeUncaught(lines: string[]): UncaughtError | undefined {
  const versionAt = lastIndex(lines, (line) => /^Node\.js v\d+/.test(line.trim()))
  if (versionAt < 0) return undefined
  const dump = lines.slice(0, versionAt)
  const text = dump.join('\n')
  if (/UnhandledPromiseRejection/.test(text)) {
    const reason = /rejected with the reason "(.*)"\./.exec(text)?.[1]
    return { name: NON_ERROR, message: `the command rejected a promise with a non-Error value${reason !== undefined ? `: ${reason}` : ''}`, crash: true, line: 'UnhandledPromiseRejection' }
  }
  const caret = lastIndex(dump, (line) => /^\s*\^+\s*$/.test(line))
  let errorAt = -1
  if (caret >= 0) errorAt = dump.findIndex((line, i) => i > caret && line.trim() !== '')
  if (caret >= 0 && errorAt >= 0 && dump.slice(errorAt).some((line) => line.startsWith('(Use `node --trace-uncaught'))) {
    return { name: NON_ERROR, message: `the command threw a non-Error value: ${dump[errorAt]?.trim() ?? ''}`, crash: true, line: dump[errorAt]?.trim() ?? '' }
  }
  if (errorAt < 0 || !ERROR_LINE.test(dump[errorAt] as string)) {
    errorAt = lastIndex(dump, (line, i) => !/^\s/.test(line) && ERROR_LINE.test(line) && /^\s+at /.test(dump[i + 1] ?? ''))
  }
  if (errorAt < 0) return undefined
  const line = (dump[errorAt] as string).trim()
  const [, name = '', message = ''] = ERROR_LINE.exec(line) ?? []
  return { name: JS_CRASHES.has(name) ? name : 'ExitCode', message, crash: JS_CRASHES.has(name), line }
}

function pythonUncaught(lines: string[]): UncaughtError | undefined {
  const lastAt = lastIndex(lines, (line) => line.trim() !== '')
  if (lastAt < 0) return undefined
  const tracebackAt = lastIndex(lines, (line) => line.startsWith('Traceback (most recent call last):'))
  let errorAt: number
  if (tracebackAt >= 0) {
    errorAt = lines.findIndex((line, i) => i > tracebackAt && line.trim() !== '' && !/^\s/.test(line))
    // Only the dump Python writes as it dies: unindented lines after it are the app's own output.
    if (errorAt < 0 || lines.slice(errorAt + 1).some((line) => line.trim() !== '' && !/^\s/.test(line))) return undefined
  } else if (/^(SyntaxError|IndentationError|TabError):/.test(lines[lastAt] as string) && lines.some((line) => /^\s+File ".*", line \d+/.test(line))) {
    errorAt = lastAt
  } else {
    return undefined
  }
  const line = (lines[errorAt] as string).trim()
  const match = ERROR_LINE.exec(line)
  if (!match) return undefined
  const bare = (match[1] as string).split('.').at(-1) as string
  const crashName = PYTHON_CRASHES[bare]
  return crashName ? { name: crashName, message: `Python ${line}`, crash: true, line } : { name: 'ExitCode', message: match[2] ?? '', crash: false, line }
}

function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).map((line) => line.trim())
  const found = lastIndex(lines, (line) => line !== '' && !/^Node\.js v\d+/.test(line))
  return found < 0 ? '' : (lines[found] as string)
}

function lastIndex<T>(items: readonly T[], test: (item: T, index: number) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i] as T, i)) return i
  return -1
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')
}
