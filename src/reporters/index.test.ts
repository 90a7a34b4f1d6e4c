import { describe, expect, it } from 'vitest'
import { InputError } from '../errors.js'
import { reportFixture } from './__fixtures__/report.js'
import { getReporter, REPORTERS } from './index.js'
import { REPORTER_NAMES } from './names.js'

describe('reporter registry', () => {
  it('finds every reporter by the name --reporter takes', () => {
    expect(REPORTER_NAMES).toEqual(['table', 'json', 'junit', 'markdown', 'github'])
    for (const name of REPORTER_NAMES) expect(getReporter(name).name).toBe(name)
  })

  it('rejects an unknown reporter as an input error with a suggestion', () => {
    expect(() => getReporter('junt')).toThrow(InputError)
    expect(() => getReporter('junt')).toThrowErrorMatchingInlineSnapshot(
      `[InputError: --reporter: "junt" is not a reporter. Fix: write "junit".]`,
    )
    expect(() => getReporter('toString')).toThrow(InputError)
  })

  it('renders the same output twice and leaves the report untouched', () => {
    for (const reporter of Object.values(REPORTERS)) {
      const report = reportFixture()
      const first = reporter.render(report, { color: true, width: 100, cwd: '/repo' })
      expect(report).toEqual(reportFixture())
      expect(reporter.render(report, { color: true, width: 100, cwd: '/repo' })).toEqual(first)
    }
  })
})
