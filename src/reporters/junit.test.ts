import { describe, expect, it } from 'vitest'
import { makeCase, reportFixture } from './__fixtures__/report.js'
import { childElements, parseXml, textOf } from './__fixtures__/parse-xml.js'
import { junitReporter } from './junit.js'
import { escapeXmlAttribute, escapeXmlText, stripIllegalXml } from './xml.js'

const render = (report = reportFixture()) => {
  const { files, stdout } = junitReporter.render(report, { color: false })
  expect(stdout).toBeUndefined()
  expect(files?.map((f) => f.path)).toEqual(['cascade-junit.xml'])
  return files![0]!.content
}

describe('junit reporter', () => {
  it('writes a testsuite per scenario, a testcase per case and a lint testcase', () => {
    expect(render()).toMatchInlineSnapshot(`
      "<?xml version="1.0" encoding="UTF-8"?>
      <testsuites name="cascade-harness" tests="8" failures="2" errors="0" time="0.812">
        <testsuite name="extract-invoice" tests="6" failures="2" errors="0" skipped="0" time="0.700" file="scenarios/extract-invoice.scenario.ts">
          <testcase name="lint" classname="scenarios/extract-invoice.scenario.ts" time="0.000"><failure message="1 lint error: models-limit at request.models: The cascade lists 4 models; OpenRouter accepts at most 3." type="lint">error  models-limit  request.models  The cascade lists 4 models; OpenRouter accepts at most 3. Fix: Drop a model from \`models\` or split the cascade.
      </failure><system-out>warning  require-parameters  request.provider  tools are used but provider.require_parameters is not set. Fix: Set \`provider: { require_parameters: true }\`.
      </system-out></testcase>
          <testcase name="baseline: every step healthy" classname="scenarios/extract-invoice.scenario.ts" time="0.000"/>
          <testcase name="rate_limit@0: step 1 rate-limited, step 2 serves" classname="scenarios/extract-invoice.scenario.ts" time="0.000"><failure message="step 2 (openai/gpt-4.1-mini) was sent no \`tools\` although the scenario declares them" type="fidelity">rate_limit@0 (fidelity at request.tools): step 2 (openai/gpt-4.1-mini) was sent no \`tools\` although the scenario declares them
      steps: 1 429 rate_limit · 2 ● served
      served by openai/gpt-4.1-mini (expected openai/gpt-4.1-mini); outcome invalid; answer synthesized
      </failure></testcase>
          <testcase name="timeout@0: step 1 times out twice, the client retries, step 2 serves" classname="scenarios/extract-invoice.scenario.ts" time="0.000"/>
          <testcase name="quirk:fenced_json@0: the answer arrives in a Markdown fence" classname="scenarios/extract-invoice.scenario.ts" time="0.000"/>
          <testcase name="every_step_fails: no step can serve" classname="scenarios/extract-invoice.scenario.ts" time="0.000"/>
          <system-out>meta-llama/llama-3.3-70b-instruct lacks \`tools\` support: the router skips it on every case.</system-out>
        </testsuite>
        <testsuite name="summarize-ticket" tests="2" failures="0" errors="0" skipped="0" time="0.112" file="scenarios/summarize-ticket.scenario.ts">
          <testcase name="baseline" classname="scenarios/summarize-ticket.scenario.ts" time="0.000"/>
          <testcase name="downtime@0" classname="scenarios/summarize-ticket.scenario.ts" time="0.000"/>
        </testsuite>
      </testsuites>
      "
    `)
  })

  it('writes well-formed XML whose counts match the report', () => {
    const root = parseXml(render())
    expect(root.name).toBe('testsuites')
    expect(root.attributes).toMatchObject({ tests: '8', failures: '2', time: '0.812' })
    const suites = childElements(root, 'testsuite')
    expect(suites.map((s) => [s.attributes.name, s.attributes.tests, s.attributes.failures])).toEqual([
      ['extract-invoice', '6', '2'],
      ['summarize-ticket', '2', '0'],
    ])
    const cases = childElements(suites[0]!, 'testcase')
    expect(cases.map((c) => c.attributes.classname)).toEqual(Array(6).fill('scenarios/extract-invoice.scenario.ts'))
    const failed = cases.find((c) => c.attributes.name === 'rate_limit@0: step 1 rate-limited, step 2 serves')!
    const failure = childElements(failed, 'failure')[0]!
    expect(failure.attributes.message).toBe(
      'step 2 (openai/gpt-4.1-mini) was sent no `tools` although the scenario declares them',
    )
    expect(textOf(failure)).toContain('steps: 1 429 rate_limit · 2 ● served')
    const lint = cases.find((c) => c.attributes.name === 'lint')!
    expect(childElements(lint, 'failure')[0]!.attributes.type).toBe('lint')
  })

  it('gives each suite the wall-clock time the runner measured for its scenario', () => {
    const report = reportFixture()
    const [invoice, ticket] = childElements(parseXml(render(report)), 'testsuite')
    expect([invoice!.attributes.time, ticket!.attributes.time]).toEqual(['0.700', '0.112'])
  })

  it('escapes markup and quotes, keeps newlines in attributes, and drops characters XML 1.0 forbids', () => {
    const hostile = 'a <b> & "c" \'d\' ]]> e\u0000\u0007\u001b[31m\ud800 f\ufffe 😀\nline two\ttab'
    const report = reportFixture()
    const scenario = report.scenarios[1]!
    scenario.name = hostile
    scenario.file = 'scenarios/<odd> & "name".scenario.ts'
    scenario.warnings = [hostile]
    scenario.lint = [
      {
        rule: 'unknown-model',
        severity: 'error',
        step: 0,
        path: 'request.models[0]',
        message: hostile,
        fix: 'use "x" & <y>',
      },
    ]
    scenario.cases = [
      makeCase({
        id: 'x<y>',
        title: hostile,
        verdict: 'fail',
        outcome: 'invalid',
        failures: [{ check: 'contract', path: '$.total', message: hostile }],
      }),
    ]
    const xml = render(report)
    const root = parseXml(xml) // throws unless well-formed
    const cleaned = 'a <b> & "c" \'d\' ]]> e[31m f 😀'
    const suite = childElements(root, 'testsuite')[1]!
    // Attribute values keep newlines and tabs as character references.
    expect(suite.attributes.name).toBe(`${cleaned}\nline two\ttab`)
    expect(suite.attributes.file).toBe('scenarios/<odd> & "name".scenario.ts')
    const [lint, testcase] = childElements(suite, 'testcase')
    expect(testcase!.attributes.name).toBe(`x<y>: ${cleaned}\nline two\ttab`)
    expect(childElements(testcase!, 'failure')[0]!.attributes.message).toBe(`${cleaned} line two\ttab`)
    expect(textOf(childElements(lint!, 'failure')[0]!)).toContain('Fix: use "x" & <y>')
    expect(textOf(childElements(suite, 'system-out')[0]!)).toBe(`${cleaned}\nline two\ttab`)
  })
})

describe('xml escaping', () => {
  it('escapes text and attributes', () => {
    expect(escapeXmlText('a < b && c > d ]]>')).toBe('a &lt; b &amp;&amp; c &gt; d ]]&gt;')
    expect(escapeXmlAttribute(`"it's" <a>\n&\r\t`)).toBe('&quot;it&apos;s&quot; &lt;a&gt;&#10;&amp;&#13;&#9;')
  })

  it('strips control characters, lone surrogates and noncharacters but keeps astral characters', () => {
    expect(stripIllegalXml('ok\u0001\u0008\u000b\u000c\u001f\udc00\uffff\ud83d\ude00\t\n')).toBe('ok😀\t\n')
  })
})
