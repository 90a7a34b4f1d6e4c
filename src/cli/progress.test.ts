import { describe, expect, it } from 'vitest'
import { makeCase, reportFixture } from '../reporters/__fixtures__/report.js'
import type { CliIO } from './io.js'
import { runProgress } from './progress.js'

function fakeIo(tty: boolean) {
  const out = { stderr: '' }
  const io: CliIO = {
    cwd: '/',
    env: {},
    stdout: { write: () => true },
    stderr: { write: (t: string) => (out.stderr += t), isTTY: tty, columns: 200 },
  }
  return { io, out }
}

function drive(tty: boolean) {
  const { io, out } = fakeIo(tty)
  let now = 0
  const progress = runProgress(io, () => now)
  const scenario = reportFixture().scenarios[0]!
  progress.onProgress({
    type: 'scenario-start',
    scenario: 'extract-invoice',
    file: scenario.file,
    index: 0,
    scenarios: 2,
    cases: 3,
  })
  now = 1500
  progress.onProgress({ type: 'case-done', scenario: 'extract-invoice', case: makeCase({ id: 'a' }) })
  now = 1700
  progress.onProgress({ type: 'case-done', scenario: 'extract-invoice', case: makeCase({ id: 'b', verdict: 'fail' }) })
  now = 2300
  progress.onProgress({ type: 'scenario-done', index: 0, scenarios: 2, report: scenario })
  progress.finish()
  return out.stderr
}

describe('run progress', () => {
  it('on a terminal, redraws one line in place (scenario, cases, failures, elapsed) and clears it at the end', () => {
    const stderr = drive(true)
    const frames = stderr.split('\r\u001b[K')
    expect(frames[0]).toBe('')
    expect(frames[1]).toBe('run 1/2 extract-invoice · case 0/3 · 0 cases done · 0 failures · 0 ms')
    expect(frames[2]).toBe('run 1/2 extract-invoice · case 1/3 · 1 case done · 0 failures · 1.5 s')
    expect(frames[3]).toBe('run 1/2 extract-invoice · case 2/3 · 2 cases done · 1 failure · 1.7 s')
    // The last write clears the line, so the report that follows starts on a clean line.
    expect(stderr.endsWith('\r\u001b[K')).toBe(true)
    expect(stderr).not.toContain('\n')
  })

  it('elsewhere, prints one plain line per finished scenario', () => {
    const stderr = drive(false)
    expect(stderr).toBe('[1/2] ✗ extract-invoice: 5 cases, 1 failed · 1 lint error · 700 ms (2.3 s in all)\n')
  })

  it('never draws a line wider than the terminal (a wrapped line cannot be cleared)', () => {
    const { io, out } = fakeIo(true)
    ;(io.stderr as { columns: number }).columns = 30
    const progress = runProgress(io, () => 0)
    progress.onProgress({
      type: 'scenario-start',
      scenario: 'a-very-long-scenario-name-indeed',
      file: 'x',
      index: 0,
      scenarios: 1,
      cases: 9,
    })
    progress.finish()
    const frame = out.stderr.split('\r\u001b[K')[1]!
    expect([...frame].length).toBeLessThanOrEqual(29)
    expect(frame.endsWith('…')).toBe(true)
  })

  it('treats a terminal that reports 0 columns as 80 wide', () => {
    const { io, out } = fakeIo(true)
    ;(io.stderr as { columns: number }).columns = 0
    const progress = runProgress(io, () => 0)
    progress.onProgress({ type: 'scenario-start', scenario: 'greeting', file: 'x', index: 0, scenarios: 1, cases: 2 })
    progress.finish()
    expect(out.stderr.split('\r\u001b[K')[1]).toBe('run 1/1 greeting · case 0/2 · 0 cases done · 0 failures · 0 ms')
  })
})
