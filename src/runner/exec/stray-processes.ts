import { readdir, readFile } from 'node:fs/promises'

/**
 * Every `{ exec }` command gets `CASCADE_EXEC_MARK=<run>:<case>` in its environment, and everything
 * it starts inherits it: a process that left the command's group (`setsid`, a double-forked daemon)
 * is still found by its mark in `/proc/<pid>/environ` and killed. Linux only (elsewhere the process
 * group is the reach); a program that clears its own environment escapes, which the README says.
 */
export const MARK_VARIABLE = 'CASCADE_EXEC_MARK'

/** The pids of this user's processes whose environment carries `mark` (the whole mark, or `run:` for a run). */
export async function markedProcesses(mark: string): Promise<number[]> {
  if (process.platform !== 'linux') return []
  let entries: string[]
  try {
    entries = await readdir('/proc')
  } catch {
    return []
  }
  const needle = `${MARK_VARIABLE}=${mark}`
  const found: number[] = []
  await Promise.all(
    entries.map(async (entry) => {
      if (!/^\d+$/.test(entry) || Number(entry) === process.pid) return
      try {
        // Another user's process is not readable: it cannot be ours.
        const environ = await readFile(`/proc/${entry}/environ`, 'latin1')
        if (!environ.split('\0').some((variable) => variable.startsWith(needle))) return
        // A zombie has ended already; only its parent's wait is missing.
        const stat = await readFile(`/proc/${entry}/stat`, 'latin1')
        if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z') return
        found.push(Number(entry))
      } catch {
        // Gone meanwhile, or not ours.
      }
    }),
  )
  return found
}

/** Kills every process carrying the mark; returns how many were still alive to kill. */
export async function killMarked(mark: string): Promise<number> {
  let killed = 0
  for (const pid of await markedProcesses(mark)) {
    try {
      process.kill(pid, 'SIGKILL')
      killed++
    } catch {
      // Already gone.
    }
  }
  return killed
}

/**
 * The watchdog: a separate process, in its own group, deaf to Ctrl-C and SIGTERM, holding a pipe from
 * the harness. When the pipe closes (the harness exited, or was killed with kill -9 and could clean
 * nothing), it kills every process group the harness registered and every process carrying the run's
 * mark, then exits. Plain CommonJS for `node -e`, so it needs no file of its own.
 */
export const WATCHDOG_SOURCE = `
const fs = require('node:fs')
const mark = process.argv[1]
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => {})
const groups = new Set()
let pending = ''
process.stdin.setEncoding('utf8')
process.stdin.on('data', (chunk) => {
  pending += chunk
  let end
  while ((end = pending.indexOf('\\n')) >= 0) {
    const line = pending.slice(0, end)
    pending = pending.slice(end + 1)
    const pid = Number(line.slice(1))
    if (line[0] === '+') groups.add(pid)
    else groups.delete(pid)
  }
})
function marked() {
  const found = []
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\\d+$/.test(entry) || Number(entry) === process.pid) continue
    try {
      if (fs.readFileSync('/proc/' + entry + '/environ', 'latin1').split('\\0').some((v) => v.startsWith('${MARK_VARIABLE}=' + mark))) found.push(Number(entry))
    } catch {}
  }
  return found
}
process.stdin.on('close', () => {
  for (const group of groups) { try { process.kill(-group, 'SIGKILL') } catch {} }
  if (process.platform === 'linux') { for (const pid of marked()) { try { process.kill(pid, 'SIGKILL') } catch {} } }
  process.exit(0)
})
`
