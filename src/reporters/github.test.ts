import { describe, expect, it } from 'vitest'
import { makeCase, reportFixture } from './__fixtures__/report.js'
import { ANNOTATIONS_PER_KIND, command, escapeData, escapeProperty, githubReporter } from './github.js'
import { locateField, parseFieldPath } from './locate.js'
import type { RenderOptions } from './types.js'

describe('github reporter', () => {
  it('prints an annotation per lint finding and per root cause of failed cases, pointing at the scenario file', () => {
    const { stdout, files } = githubReporter.render(reportFixture(), { color: false })
    expect(files).toBeUndefined()
    expect(stdout).toMatchInlineSnapshot(`
      "::error file=scenarios/extract-invoice.scenario.ts,title=extract-invoice%3A models-limit::The cascade lists 4 models; OpenRouter accepts at most 3. (at request.models) Fix: Drop a model from \`models\` or split the cascade.
      ::error file=scenarios/extract-invoice.scenario.ts,title=extract-invoice%3A fidelity (1 case)::rate_limit@0: step 2 (openai/gpt-4.1-mini) was sent no \`tools\` although the scenario declares them%0Asteps: 1 429 rate_limit · 2 ● served
      ::warning file=scenarios/extract-invoice.scenario.ts,title=extract-invoice%3A require-parameters::tools are used but provider.require_parameters is not set. (at request.provider) Fix: Set \`provider: { require_parameters: true }\`.
      cascade-harness failed: 2 scenarios · 7 cases: 6 passed, 1 failed · lint: 1 error, 1 warning, 0 info · 812 ms · built-in catalog · 5 answers synthesized, 1 from cassettes
      "
    `)
  })

  it('shows absolute scenario paths relative to the working directory', () => {
    const report = reportFixture()
    report.scenarios[0]!.file = '/home/ci/app/scenarios/extract-invoice.scenario.ts'
    const { stdout } = githubReporter.render(report, { color: false, cwd: '/home/ci/app' })
    expect(stdout).toContain(
      '::error file=scenarios/extract-invoice.scenario.ts,title=extract-invoice%3A models-limit::',
    )
  })

  it('escapes messages and properties the way the Actions runner reads them', () => {
    const report = reportFixture()
    const scenario = report.scenarios[0]!
    scenario.file = 'scenarios/a:b,c%.scenario.ts'
    scenario.lint = [
      { rule: 'x,y:z', severity: 'info', step: null, path: 'p', message: '100% sure\r\nnext: a, b', fix: '' },
    ]
    const { stdout } = githubReporter.render(report, { color: false })
    expect(stdout!.split('\n').find((l) => l.startsWith('::notice'))).toBe(
      '::notice file=scenarios/a%3Ab%2Cc%25.scenario.ts,title=extract-invoice%3A x%2Cy%3Az::100%25 sure next: a, b (at p)',
    )
  })
})

const SCENARIO_YAML = `name: extract-invoice
request:
  models:
    - google/gemini-2.5-flash
    - openai/gpt-4.1-mini
    - anthropic/claude-sonnet-4
    - meta-llama/llama-3.3-70b-instruct
  tools:
    - type: function
  provider:
    order: [anthropic]
`
const locate: RenderOptions['locate'] = (_file, scenario, path, value) =>
  locateField(SCENARIO_YAML, 'x.yaml', scenario, parseFieldPath(path, value))
const annotations = (stdout: string | undefined) => stdout!.split('\n').filter((l) => l.startsWith('::'))

describe('github annotations', () => {
  it('put line= at the field at fault: the lint path, the request field a check names, the step that served', () => {
    const report = reportFixture()
    report.scenarios[0]!.lint[0]!.path = 'request.models'
    report.scenarios[0]!.lint[1]!.path = 'request.provider.require_parameters'
    report.scenarios[0]!.cases.push(
      makeCase({
        id: 'refusal@2',
        verdict: 'fail',
        servedStep: 2,
        servedBy: 'anthropic/claude-sonnet-4',
        failures: [{ check: 'refusal', path: '$.choices[0].message.refusal', message: 'the model refused' }],
      }),
    )
    const lines = annotations(githubReporter.render(report, { color: false, locate }).stdout)
    expect(lines[0]).toMatch(
      /^::error file=scenarios\/extract-invoice\.scenario\.ts,line=3,title=extract-invoice%3A models-limit::/,
    )
    expect(lines.find((l) => l.startsWith('::warning'))).toMatch(
      /^::warning file=[^,]+,line=10,title=extract-invoice%3A require-parameters::/,
    )
    expect(lines.find((l) => l.includes('fidelity'))).toMatch(/,line=8,title=extract-invoice%3A fidelity \(1 case\)::/)
    expect(lines.find((l) => l.includes('refusal'))).toMatch(
      /,line=6,title=extract-invoice%3A refusal \(1 case\)::refusal@2: the model refused/,
    )
  })

  it('make one annotation per root cause, with the count and ids of its cases', () => {
    const report = reportFixture()
    const scenario = report.scenarios[0]!
    scenario.lint = []
    const rejected = (id: string) =>
      makeCase({
        id,
        verdict: 'fail',
        outcome: 'surfaced',
        servedStep: null,
        servedBy: null,
        failures: [{ check: 'request-rejected', path: 'request', message: `the router rejected the request (${id})` }],
      })
    scenario.cases = [rejected('clean'), rejected('rate_limit@0'), rejected('timeout@0'), makeCase({ id: 'ok' })]
    const lines = annotations(githubReporter.render(report, { color: false, locate }).stdout)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(
      ',line=2,title=extract-invoice%3A request-rejected (3 cases)::clean: the router rejected the request (clean)',
    )
    expect(lines[0]).toContain('%0A3 cases fail the same way: clean, rate_limit@0, timeout@0')
  })

  it(`stay under GitHub's 10 per step and kind: ${ANNOTATIONS_PER_KIND - 1} and then one summary annotation`, () => {
    const report = reportFixture()
    const scenario = report.scenarios[0]!
    scenario.lint = Array.from({ length: 14 }, (_, i) => ({
      rule: `rule-${i}`,
      severity: 'error' as const,
      step: null,
      path: 'request',
      message: `finding ${i}`,
      fix: '',
    }))
    scenario.lint.push({ rule: 'a-warning', severity: 'warning', step: null, path: 'request', message: 'w', fix: '' })
    const lines = annotations(githubReporter.render(report, { color: false }).stdout)
    const errors = lines.filter((l) => l.startsWith('::error'))
    expect(errors.length).toBeLessThan(10)
    expect(errors).toHaveLength(ANNOTATIONS_PER_KIND)
    // 14 lint errors and the failed case: 8 shown, 7 summarised (one of them the case).
    expect(errors.at(-1)).toMatch(
      /^::error title=cascade-harness%3A 7 more errors \(1 failed case\)::7 more errors \(1 failed case\) not annotated: GitHub shows 10 errors per step/,
    )
    expect(errors.at(-1)).toContain('rule-13')
    expect(lines.filter((l) => l.startsWith('::warning'))).toHaveLength(1)
  })

  it('names files relative to the repository root, not to where the command ran', () => {
    const report = reportFixture()
    const { stdout } = githubReporter.render(report, {
      color: false,
      cwd: '/work/repo/packages/app',
      repoRoot: '/work/repo',
    })
    expect(annotations(stdout)[0]).toMatch(/^::error file=packages\/app\/scenarios\/extract-invoice\.scenario\.ts,/)
    const outside = githubReporter.render(report, { color: false, cwd: '/elsewhere', repoRoot: '/work/repo' }).stdout
    expect(annotations(outside)[0]).toMatch(/^::error file=scenarios\/extract-invoice\.scenario\.ts,/)
  })
})

describe('workflow command escaping', () => {
  it('escapes %, CR and LF in data, and also : and , in properties', () => {
    expect(escapeData('50%\r\nok: a, b')).toBe('50%25%0D%0Aok: a, b')
    expect(escapeProperty('50%\r\nok: a, b')).toBe('50%25%0D%0Aok%3A a%2C b')
    expect(command('error', { file: 'a.ts', title: 'r:1' }, 'line 1\nline 2')).toBe(
      '::error file=a.ts,title=r%3A1::line 1%0Aline 2',
    )
    expect(command('notice', {}, 'hi')).toBe('::notice::hi')
  })
})
