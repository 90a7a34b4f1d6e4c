import { describe, expect, it } from 'vitest'
import { reportSchema } from '../schema/report.js'
import { reportFixture } from './__fixtures__/report.js'
import { jsonReporter } from './json.js'

describe('json reporter', () => {
  it('writes exactly the report to cascade-report.json, indented by two spaces', () => {
    const report = reportFixture()
    const output = jsonReporter.render(report, { color: false })
    expect(output.stdout).toBeUndefined()
    expect(output.files).toHaveLength(1)
    const file = output.files![0]!
    expect(file.path).toBe('cascade-report.json')
    expect(JSON.parse(file.content)).toEqual(report)
    expect(reportSchema.parse(JSON.parse(file.content))).toEqual(report)
    expect(file.content.split('\n').slice(0, 3)).toEqual(['{', '  "version": 1,', '  "passed": false,'])
    expect(file.content.endsWith('}\n')).toBe(true)
  })
})
