import { describe, expect, it } from 'vitest'
import { InputError } from '../errors.js'
import { reportFixture } from './__fixtures__/report.js'
import { loadReporter } from './index.js'
import { REPORTER_NAMES } from './names.js'

describe('reporter registry', () => {
  it('finds every reporter by the name --reporter takes', async () => {
    expect(REPORTER_NAMES).toEqual(['table', 'json', 'junit', 'markdown', 'github'])
    for (const name of REPORTER_NAMES) expect((await loadReporter(name)).name).toBe(name)
  })

  it('rejects an unknown reporter as an input error with a suggestion', () => {
    expect(() => loadReporter('junt')).toThrow(InputError)
    expect(() => loadReporter('junt')).toThrowErrorMatchingInlineSnapshot(
      `[InputError: --reporter: "junt" is not a reporter. Fix: write "junit".]`,
    )
    expect(() => loadReporter('toString')).toThrow(InputError)
  })

  it('renders the same output twice and leaves the report untouched', async () => {
    for (const reporter of await Promise.all(REPORTER_NAMES.map(loadReporter))) {
      const report = reportFixture()
      const first = reporter.render(report, { color: true, width: 100, cwd: '/repo' })
      expect(report).toEqual(reportFixture())
      expect(reporter.render(report, { color: true, width: 100, cwd: '/repo' })).toEqual(first)
    }
  })
})
