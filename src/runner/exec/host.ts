import { randomUUID } from 'node:crypto'
import { serveEmulator, type EmulatorServer } from '../../adapters/http-server/index.js'
import type { ClientRun } from '../../core/judge.js'
import { CASE_PREFIX, routeByCase, type CaseRoute } from './case-routes.js'
import { spawnCommand, watchChild } from './child-process.js'
import { exitRun } from './exit-run.js'
import { signalGuard } from './signal-guard.js'
import { killMarked } from './stray-processes.js'
import { startWatchdog, type Watchdog } from './watchdog.js'

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
 * unless stderr shows an uncaught bug (see `exit-run.ts`): that is a crash. Past the deadline the
 * process group is killed: a hang.
 */

export interface ExecCase extends CaseRoute {
  /** The shell command (`client.exec`). */
  command: string
  /** The scenario file's folder, absolute: the command runs there. */
  cwd: string
  /** The scenario file as reports show it, for the sentence when the shell cannot run the command. */
  file: string
  caseId: string
  /** The scenario's request, serialized. */
  requestJson: string
  deadlineMs: number
  /** Told how many processes this case's command left running after it ended (the host killed them). */
  onStrays?: (count: number) => void
}

export interface ExecHost {
  /** Runs one case's command against its emulator and reduces what it did to data. */
  runCase(setup: ExecCase): Promise<ClientRun>
  /** Kills the commands still running, waits for them, and closes the server (if one started). */
  close(): Promise<void>
}

export function createExecHost(): ExecHost {
  const routes = new Map<string, CaseRoute>()
  const running = new Set<{ kill: () => void; done: Promise<unknown> }>()
  let server: Promise<EmulatorServer> | undefined
  let closed = false
  // Marks every process of this run's commands; a watchdog kills them if the harness dies first.
  const runMark = randomUUID()
  let watchdog: Watchdog | undefined

  const start = () => (server ??= serveEmulator({ port: 0, host: '127.0.0.1', handle: routeByCase(routes) }))
  const { guard, unguard } = signalGuard(() => {
    for (const entry of running) entry.kill()
  })

  async function runCase(setup: ExecCase): Promise<ClientRun> {
    const refuse = () => new Error('the exec host is closed: no case may start after the run ended')
    if (closed) throw refuse()
    const { url } = await start()
    if (closed) throw refuse()
    const token = randomUUID()
    routes.set(token, {
      emulator: setup.emulator,
      onUnhandled: setup.onUnhandled,
      onEmulatorError: setup.onEmulatorError,
    })
    watchdog ??= startWatchdog(runMark)
    try {
      const mark = `${runMark}:${token}`
      const child = spawnCommand({ ...setup, mark }, `${url}${CASE_PREFIX}${token}/api/v1`)
      if (child.pid !== undefined) watchdog.register(child.pid)
      const watched = watchChild(child, setup.deadlineMs, mark)
      const entry = { kill: watched.kill, done: watched.done }
      if (running.size === 0) guard()
      running.add(entry)
      try {
        const ended = await watched.done
        if (ended.strays > 0) setup.onStrays?.(ended.strays)
        return exitRun(ended, setup)
      } finally {
        if (child.pid !== undefined) watchdog.unregister(child.pid)
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
    await killMarked(`${runMark}:`)
    watchdog?.stop()
    if (server) await (await server).close()
  }

  return { runCase, close }
}
