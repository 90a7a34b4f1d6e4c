import { spawn } from 'node:child_process'
import { WATCHDOG_SOURCE } from './stray-processes.js'

/** The harness's side of the watchdog (see WATCHDOG_SOURCE): it learns which process groups to kill. */
export interface Watchdog {
  register(pid: number): void
  unregister(pid: number): void
  /** Closes the pipe at a normal end; the watchdog kills what is left (nothing, by then) and exits. */
  stop(): void
}

/**
 * Starts the watchdog of a run's `{ exec }` commands: `kill -9` of the harness runs no clean-up of
 * its own, but closes this pipe, and the watchdog then kills every command and what it started.
 * Neither the pipe nor the process keeps the harness alive.
 */
export function startWatchdog(runMark: string): Watchdog {
  if (process.platform === 'win32')
    return { register: () => undefined, unregister: () => undefined, stop: () => undefined }
  const child = spawn(process.execPath, ['-e', WATCHDOG_SOURCE, `${runMark}:`], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  })
  child.unref()
  const pipe = child.stdin!
  pipe.on('error', () => undefined)
  ;(pipe as unknown as { unref?: () => void }).unref?.()
  const send = (line: string) => {
    if (!pipe.destroyed) pipe.write(line)
  }
  return {
    register: (pid) => send(`+${pid}\n`),
    unregister: (pid) => send(`-${pid}\n`),
    stop: () => pipe.end(),
  }
}
