import { describe, expect, it } from 'vitest'
import type { Report } from '../../schema/report.js'
import { reportFixture } from '../../reporters/__fixtures__/report.js'
import { mergeReports } from './merge.js'

/** Slice `index` of `count` of a whole run, as `--shard index+1/count` would report it: every scenario, its lint, some cases. */
function shardOf(whole: Report, index: number, count: number, durationMs: number): Report {
  const scenarios = whole.scenarios.map((s) => {
    const cases = s.cases.filter((_, i) => i % count === index)
    return {
      ...structuredClone(s),
      cases,
      passed: cases.every((c) => c.verdict === 'pass') && s.lint.every((f) => f.severity !== 'error'),
    }
  })
  const cases = scenarios.flatMap((s) => s.cases)
  return {
    ...structuredClone(whole),
    passed: scenarios.every((s) => s.passed),
    shard: { index: index + 1, count },
    summary: {
      ...whole.summary,
      cases: cases.length,
      passed: cases.filter((c) => c.verdict === 'pass').length,
      failed: cases.filter((c) => c.verdict === 'fail').length,
      durationMs,
    },
    scenarios,
  }
}

describe('merging shard reports', () => {
  it('joins two shards into the whole run: every case once, in shard order, each lint finding once, the slowest shard as duration', () => {
    const whole = reportFixture()
    const merged = mergeReports([shardOf(whole, 0, 2, 300), shardOf(whole, 1, 2, 500)])
    expect(merged.shard).toBeNull()
    expect(merged.scenarios.map((s) => s.cases.map((c) => c.id))).toEqual([
      ['baseline', 'timeout@0', 'every_step_fails', 'rate_limit@0', 'quirk:fenced_json@0'],
      ['baseline', 'downtime@0'],
    ])
    expect(merged.summary).toEqual({ ...whole.summary, durationMs: 500 })
    expect(merged.scenarios.map((s) => s.lint)).toEqual(whole.scenarios.map((s) => s.lint))
    expect(merged.passed).toBe(false)
  })

  it('fails the merged run when the only failing case is in a shard whose sibling passed', () => {
    const whole = reportFixture()
    // Without the lint error, extract-invoice fails on its one failing case only (rate_limit@0, second case).
    whole.scenarios[0]!.lint = whole.scenarios[0]!.lint.filter((f) => f.severity !== 'error')
    const [first, second] = [shardOf(whole, 0, 2, 1), shardOf(whole, 1, 2, 1)]
    expect(first.passed).toBe(true)
    expect(second.passed).toBe(false)
    const merged = mergeReports([first, second])
    expect(merged.scenarios.map((s) => s.passed)).toEqual([false, true])
    expect(merged.passed).toBe(false)
    expect(mergeReports([first, first]).passed).toBe(true)
  })

  it('counts a shard given twice once', () => {
    const first = shardOf(reportFixture(), 0, 2, 1)
    expect(mergeReports([first, first]).summary.cases).toBe(first.summary.cases)
  })
})
