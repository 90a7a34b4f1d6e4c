import { formatDuration, plural } from '../reporters/format.js'
import { visibleWidth } from '../reporters/color.js'
import type { RunProgress } from '../runner/progress.js'
import type { CliIO } from './io.js'

export interface ProgressView {
  onProgress(event: RunProgress): void
  /** Clears the live line, if one is drawn. Call before the report is printed. */
  finish(): void
}

/** Redraws of the live line at most this often; the clock ticks once a second in between. */
const REDRAW_MS = 100

/**
 * What `run` says while it works, on stderr so a piped stdout report stays clean. On a terminal: one
 * line redrawn in place (scenario, cases done, failures so far, elapsed), cleared at the end.
 * Elsewhere (CI logs, pipes, files): one line per finished scenario, never a carriage return.
 */
export function runProgress(io: CliIO, clock: () => number = () => performance.now()): ProgressView {
  const started = clock()
  const tty = io.stderr.isTTY === true
  let casesDone = 0
  let failures = 0
  let current: { name: string; index: number; scenarios: number; cases: number; done: number } | undefined
  let drawnAt = -Infinity
  let drawn = false
  let timer: ReturnType<typeof setInterval> | undefined

  const elapsed = () => formatDuration(clock() - started)
  const draw = () => {
    if (!current) return
    drawnAt = clock()
    const text = `run ${current.index + 1}/${current.scenarios} ${current.name} · case ${current.done}/${current.cases} · ${plural(casesDone, 'case')} done · ${plural(failures, 'failure')} · ${elapsed()}`
    // One column short of the width: a line that wraps can no longer be cleared with \r.
    // A terminal that reports no width (0 under some pseudo-terminals) gets the classic 80.
    const columns = io.stderr.columns && io.stderr.columns > 0 ? io.stderr.columns : 80
    io.stderr.write(`\r\u001b[K${fit(text, columns - 1)}`)
    drawn = true
  }

  return {
    onProgress(event) {
      switch (event.type) {
        case 'scenario-start':
          current = {
            name: event.scenario,
            index: event.index,
            scenarios: event.scenarios,
            cases: event.cases,
            done: 0,
          }
          if (tty) {
            timer ??= setInterval(draw, 1000)
            timer.unref?.()
            draw()
          }
          return
        case 'case-done':
          casesDone++
          if (event.case.verdict === 'fail') failures++
          // A case that waited on real time may finish while the next scenario runs (runner/run-scenarios.ts).
          if (current?.name === event.scenario) current.done++
          if (tty && clock() - drawnAt >= REDRAW_MS) draw()
          return
        case 'scenario-done': {
          if (tty) return
          const r = event.report
          const failed = r.cases.filter((c) => c.verdict === 'fail').length
          const lintErrors = r.lint.filter((f) => f.severity === 'error').length
          const lint = lintErrors > 0 ? ` · ${plural(lintErrors, 'lint error')}` : ''
          io.stderr.write(
            `[${event.index + 1}/${event.scenarios}] ${r.passed ? '✓' : '✗'} ${r.name}: ${plural(r.cases.length, 'case')}, ${failed} failed${lint} · ${formatDuration(r.durationMs)} (${elapsed()} in all)\n`,
          )
          return
        }
      }
    },
    finish() {
      if (timer) clearInterval(timer)
      if (drawn) io.stderr.write('\r\u001b[K')
      drawn = false
    },
  }
}

/** Cuts text to `width` columns, with an ellipsis when cut. */
function fit(text: string, width: number): string {
  if (visibleWidth(text) <= width) return text
  let out = ''
  for (const char of text) {
    if (visibleWidth(`${out}${char}…`) > width) break
    out += char
  }
  return `${out}…`
}
