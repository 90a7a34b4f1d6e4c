import { describe, expect, it } from 'vitest'
import { reportFixture } from './__fixtures__/report.js'
import { command, escapeData, escapeProperty, githubReporter } from './github.js'

describe('github reporter', () => {
  it('prints an annotation per lint finding and failed case, pointing at the scenario file', () => {
    const { stdout, files } = githubReporter.render(reportFixture(), { color: false })
    expect(files).toBeUndefined()
    expect(stdout).toMatchInlineSnapshot(`
      "::error file=scenarios/extract-invoice.scenario.ts,title=models-limit::extract-invoice: The cascade lists 4 models; OpenRouter accepts at most 3. (at request.models) Fix: Drop a model from \`models\` or split the cascade.
      ::warning file=scenarios/extract-invoice.scenario.ts,title=require-parameters::extract-invoice: tools are used but provider.require_parameters is not set. (at request.provider) Fix: Set \`provider: { require_parameters: true }\`.
      ::error file=scenarios/extract-invoice.scenario.ts,title=rate_limit@0::extract-invoice: step 2 (openai/gpt-4.1-mini) was sent no \`tools\` although the scenario declares them (fidelity at request.tools)%0Asteps: 1 429 rate_limit · 2 ● served
      cascade-harness failed: 2 scenarios · 7 cases: 6 passed, 1 failed · lint: 1 error, 1 warning, 0 info · 812 ms · built-in catalog · 5 answers synthesized, 1 from cassettes
      "
    `)
  })

  it('shows absolute scenario paths relative to the working directory', () => {
    const report = reportFixture()
    report.scenarios[0]!.file = '/home/ci/app/scenarios/extract-invoice.scenario.ts'
    const { stdout } = githubReporter.render(report, { color: false, cwd: '/home/ci/app' })
    expect(stdout).toContain('::error file=scenarios/extract-invoice.scenario.ts,title=models-limit::')
  })

  it('escapes messages and properties the way the Actions runner reads them', () => {
    const report = reportFixture()
    const scenario = report.scenarios[0]!
    scenario.file = 'scenarios/a:b,c%.scenario.ts'
    scenario.lint = [{ rule: 'x,y:z', severity: 'info', step: null, path: 'p', message: '100% sure\r\nnext: a, b', fix: '' }]
    const { stdout } = githubReporter.render(report, { color: false })
    expect(stdout!.split('\n')[0]).toBe('::notice file=scenarios/a%3Ab%2Cc%25.scenario.ts,title=x%2Cy%3Az::extract-invoice: 100%25 sure next: a, b (at p)')
  })
})

describe('workflow command escaping', () => {
  it('escapes %, CR and LF in data, and also : and , in properties', () => {
    expect(escapeData('50%\r\nok: a, b')).toBe('50%25%0D%0Aok: a, b')
    expect(escapeProperty('50%\r\nok: a, b')).toBe('50%25%0D%0Aok%3A a%2C b')
    expect(command('error', { file: 'a.ts', title: 'r:1' }, 'line 1\nline 2')).toBe('::error file=a.ts,title=r%3A1::line 1%0Aline 2')
    expect(command('notice', {}, 'hi')).toBe('::notice::hi')
  })
})
