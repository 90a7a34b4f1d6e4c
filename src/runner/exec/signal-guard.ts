/**
 * Each exec command runs in its own process group (so a kill reaches what it started), which also
 * keeps a terminal's Ctrl-C from reaching it: while commands run, the harness passes SIGINT and
 * SIGTERM on as a kill, then dies of the signal as it would have, and kills them if it exits early.
 */
export function signalGuard(killAll: () => void): { guard(): void; unguard(): void } {
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
  return { guard, unguard }
}
