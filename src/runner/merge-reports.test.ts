import { describe, expect, it } from 'vitest'
import { reportFixture } from '../../test/reporters/report-fixture.js'
import { mergeReports } from './merge-reports.js'

describe('merging shard reports', () => {
  it('counts a shard merged twice once, keeps each lint finding once, and recomputes the verdict', () => {
    const report = reportFixture()
    const merged = mergeReports([report, report])
    expect(merged.summary.cases).toBe(report.summary.cases)
    expect(merged.summary.lint).toEqual(report.summary.lint)
    expect(merged.scenarios.map((s) => s.lint.length)).toEqual(report.scenarios.map((s) => s.lint.length))
    expect(merged.passed).toBe(false)
  })
})
