import { describe, expect, it } from 'vitest'
import { makeCase, reportFixture } from './__fixtures__/report.js'
import { code, markdownReporter, MAX_LISTED_FAILURES, tableCell, text } from './markdown.js'

const render = (report = reportFixture()) => {
  const { files, stdout } = markdownReporter.render(report, { color: false })
  expect(stdout).toBeUndefined()
  expect(files?.map((f) => f.path)).toEqual(['cascade-summary.md'])
  return files![0]!.content
}

describe('markdown reporter', () => {
  it('writes a job summary: verdict heading, a table of scenarios, then failures and lint of failing scenarios', () => {
    expect(render()).toMatchInlineSnapshot(`
      "## ❌ cascade-harness failed

      2 scenarios · 7 cases: 6 passed, 1 failed · lint: 1 error, 1 warning, 0 info · 812 ms · built-in catalog · 5 answers synthesized, 1 from cassettes

      | | Scenario | Cases | Passed | Failed | Lint errors | Lint warnings |
      | :-: | --- | --: | --: | --: | --: | --: |
      | ❌ | extract-invoice | 5 | 4 | 1 | 1 | 1 |
      | ✅ | summarize-ticket | 2 | 2 | 0 | 0 | 0 |

      ### ❌ extract-invoice

      \`scenarios/extract-invoice.scenario.ts\` · steps: 1 \`google/gemini-2.5-flash\` · 2 \`openai/gpt-4.1-mini\` · 3 \`anthropic/claude-sonnet-4\` · 4 \`meta-llama/llama-3.3-70b-instruct\`

      **Failures**

      - \`rate_limit@0\` (fidelity at \`request.tools\`): step 2 (openai/gpt-4.1-mini) was sent no \`tools\` although the scenario declares them
        - steps: 1 429 rate\\_limit · 2 ● served

      **Lint**

      - **error** \`models-limit\` at \`request.models\`: The cascade lists 4 models; OpenRouter accepts at most 3. Fix: Drop a model from \`models\` or split the cascade.
      - **warning** \`require-parameters\` at \`request.provider\`: tools are used but provider.require\\_parameters is not set. Fix: Set \`provider: { require_parameters: true }\`.

      **Notes**

      - meta-llama/llama-3.3-70b-instruct lacks \`tools\` support: the router skips it on every case.

      <sub>cascade-harness 0.1.0 · seed 42</sub>
      "
    `)
  })

  it('says passed with a check mark and lists no details when everything passed', () => {
    const report = reportFixture()
    report.passed = true
    report.scenarios = [report.scenarios[1]!]
    const out = render(report)
    expect(out.startsWith('## ✅ cascade-harness passed\n')).toBe(true)
    expect(out).not.toContain('###')
  })

  it('escapes pipes in table cells and HTML outside code spans', () => {
    const report = reportFixture()
    report.scenarios[0]!.name = 'a|b <script>'
    report.scenarios[0]!.cases[1]!.failures[0]!.message = 'got `a|b` but <img src=x> *wanted* c'
    const out = render(report)
    expect(out).toContain('| ❌ | a\\|b &lt;script&gt; | 5 |')
    expect(out).toContain('### ❌ a|b &lt;script&gt;')
    expect(out).toContain('got `a|b` but &lt;img src=x&gt; \\*wanted\\* c')
  })

  it('lists at most 50 failing cases per scenario and counts the rest', () => {
    const report = reportFixture()
    const failing = (i: number) =>
      makeCase({
        id: `c${i}`,
        verdict: 'fail',
        outcome: 'invalid',
        failures: [{ check: 'contract', path: '', message: 'bad' }],
      })
    report.scenarios[0]!.cases = Array.from({ length: MAX_LISTED_FAILURES + 3 }, (_, i) => failing(i))
    const out = render(report)
    expect(out).toContain('- `c49` (contract): bad')
    expect(out).not.toContain('`c50`')
    expect(out).toContain('- … and 3 more failing cases (see cascade-report.json)')
  })
})

describe('markdown escaping', () => {
  it('wraps code spans in a fence longer than any backtick run inside', () => {
    expect(code('plain')).toBe('`plain`')
    expect(code('a`b')).toBe('``a`b``')
    expect(code('`x`')).toBe('`` `x` ``')
  })

  it('keeps intentional code spans, escapes stray backticks and one-lines the text', () => {
    expect(text('no `tools`\nsent & <b>')).toBe('no `tools` sent &amp; &lt;b&gt;')
    expect(text('an odd ` tick')).toBe('an odd \\` tick')
    expect(tableCell('`a|b` | c')).toBe('`a\\|b` \\| c')
  })
})
