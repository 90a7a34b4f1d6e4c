import { describe, expect, it } from 'vitest'
import { makeCase, reportFixture } from './__fixtures__/report.js'
import { visibleWidth } from './color.js'
import { MAX_ROWS, tableReporter } from './table.js'

const render = (report = reportFixture(), options: { color?: boolean; width?: number } = {}) =>
  tableReporter.render(report, { color: false, ...options }).stdout ?? ''

describe('table reporter', () => {
  it('draws each scenario: header, steps, lint, a row per case with the served step marked, then failures and a summary', () => {
    expect(render()).toMatchInlineSnapshot(`
      "✗ FAIL  extract-invoice  scenarios/extract-invoice.scenario.ts
        steps: 1 google/gemini-2.5-flash · 2 openai/gpt-4.1-mini · 3 anthropic/claude-sonnet-4 · 4 meta-llama/llama-3.3-70b-instruct
        error    models-limit        request.models    The cascade lists 4 models; OpenRouter accepts at most 3. Fix: Drop a model from \`models\` or split the cascade.
        warning  require-parameters  request.provider  tools are used but provider.require_parameters is not set. Fix: Set \`provider: { require_parameters: true }\`.
        note     meta-llama/llama-3.3-70b-instruct lacks \`tools\` support: the router skips it on every case.
      ┌─────────────────────┬────────────────────────┬────────────────┬───────────────────┬───────────────────────────┬─────────┬──────────┬─────────────┐
      │ case                │ 1 gemini-2.5-flash     │ 2 gpt-4.1-mini │ 3 claude-sonnet-4 │ 4 llama-3.3-70b-instruct  │ verdict │ outcome  │ answer      │
      ├─────────────────────┼────────────────────────┼────────────────┼───────────────────┼───────────────────────────┼─────────┼──────────┼─────────────┤
      │ baseline            │ ● served               │ ·              │ ·                 │ ·                         │ ✓ pass  │ valid    │ synthesized │
      │ rate_limit@0        │ 429 rate_limit         │ ● served       │ ·                 │ ·                         │ ✗ fail  │ invalid  │ synthesized │
      │ timeout@0           │ 504 timeout ×2         │ ● served       │ ·                 │ ·                         │ ✓ pass  │ valid    │ cassette    │
      │ quirk:fenced_json@0 │ ● served (fenced_json) │ ·              │ ·                 │ ·                         │ ✓ pass  │ valid    │ synthesized │
      │ every_step_fails    │ 503 downtime           │ 503 downtime   │ 503 downtime      │ 404 no_endpoint (natural) │ ✓ pass  │ surfaced │ none        │
      └─────────────────────┴────────────────────────┴────────────────┴───────────────────┴───────────────────────────┴─────────┴──────────┴─────────────┘
        Failures:
        ✗ rate_limit@0 (fidelity at request.tools): step 2 (openai/gpt-4.1-mini) was sent no \`tools\` although the scenario declares them

      ✓ PASS  summarize-ticket  scenarios/summarize-ticket.scenario.ts
        steps: 1 anthropic/claude-3.5-haiku · 2 openai/gpt-4o-mini
      ┌────────────┬──────────────────────────────────────────────────────────┬───────────────┬─────────┬─────────┬─────────────┐
      │ case       │ 1 claude-3.5-haiku                                       │ 2 gpt-4o-mini │ verdict │ outcome │ answer      │
      ├────────────┼──────────────────────────────────────────────────────────┼───────────────┼─────────┼─────────┼─────────────┤
      │ baseline   │ ● served                                                 │ ·             │ ✓ pass  │ valid   │ synthesized │
      │ downtime@0 │ 503 downtime @Anthropic → 429 rate_limit @Amazon Bedrock │ ● served      │ ✓ pass  │ valid   │ synthesized │
      └────────────┴──────────────────────────────────────────────────────────┴───────────────┴─────────┴─────────┴─────────────┘

      FAIL  2 scenarios · 7 cases: 6 passed, 1 failed · lint: 1 error, 1 warning, 0 info · 812 ms · built-in catalog · 5 answers synthesized, 1 from cassettes
      "
    `)
  })

  it('colors only when asked', () => {
    expect(render()).not.toContain('\u001b[')
    const colored = render(reportFixture(), { color: true })
    expect(colored).toContain('\u001b[31m✗ FAIL\u001b[39m')
    expect(colored).toContain('\u001b[32m● served\u001b[39m')
  })

  it('lists only failing cases, and counts the passing ones, when a scenario has more than 80 cases', () => {
    const report = reportFixture()
    const ticket = report.scenarios[1]!
    ticket.passed = false
    ticket.cases = Array.from({ length: MAX_ROWS + 10 }, (_, i) => makeCase({ id: `case-${i}` }))
    ticket.cases[7] = makeCase({
      id: 'moderation@0',
      verdict: 'fail',
      outcome: 'surfaced',
      servedStep: null,
      servedBy: null,
      failures: [{ check: 'outcome', path: '', message: 'the client threw although step 2 could serve' }],
      attempts: [
        {
          step: 0,
          model: 'anthropic/claude-3.5-haiku',
          provider: null,
          fault: 'moderation',
          natural: false,
          status: 403,
          latencyMs: 10,
        },
      ],
    })
    const out = render(report)
    const block = out.slice(out.indexOf('✗ FAIL  summarize-ticket'), out.lastIndexOf('FAIL  '))
    expect(block).toMatchInlineSnapshot(`
      "✗ FAIL  summarize-ticket  scenarios/summarize-ticket.scenario.ts
        steps: 1 anthropic/claude-3.5-haiku · 2 openai/gpt-4o-mini
      ┌──────────────┬────────────────────┬───────────────┬─────────┬──────────┬─────────────┐
      │ case         │ 1 claude-3.5-haiku │ 2 gpt-4o-mini │ verdict │ outcome  │ answer      │
      ├──────────────┼────────────────────┼───────────────┼─────────┼──────────┼─────────────┤
      │ moderation@0 │ 403 moderation     │ ·             │ ✗ fail  │ surfaced │ synthesized │
      └──────────────┴────────────────────┴───────────────┴─────────┴──────────┴─────────────┘
        89 passing cases not shown (more than 80 cases); the json reporter lists every case.
        Failures:
        ✗ moderation@0 (outcome): the client threw although step 2 could serve

      "
    `)
  })

  it('fits a narrow terminal: step cells wrap and keep their status codes, and no body cell is cut', () => {
    const out = render(reportFixture(), { width: 120 })
    const lines = out.split('\n')
    const table = lines.slice(
      lines.findIndex((l) => l.startsWith('┌')),
      lines.findIndex((l) => l.startsWith('└')) + 1,
    )
    for (const line of table) expect(visibleWidth(line)).toBeLessThanOrEqual(120)
    expect(table.join('\n')).toMatchInlineSnapshot(`
      "┌─────────────────────┬───────────────┬──────────────┬──────────────┬───────────────┬─────────┬──────────┬─────────────┐
      │ case                │ 1 gemini-2.5… │ 2 gpt-4.1-m… │ 3 claude-so… │ 4 llama-3.3-… │ verdict │ outcome  │ answer      │
      ├─────────────────────┼───────────────┼──────────────┼──────────────┼───────────────┼─────────┼──────────┼─────────────┤
      │ baseline            │ ● served      │ ·            │ ·            │ ·             │ ✓ pass  │ valid    │ synthesized │
      │ rate_limit@0        │ 429           │ ● served     │ ·            │ ·             │ ✗ fail  │ invalid  │ synthesized │
      │                     │ rate_limit    │              │              │               │         │          │             │
      │ timeout@0           │ 504 timeout   │ ● served     │ ·            │ ·             │ ✓ pass  │ valid    │ cassette    │
      │                     │ ×2            │              │              │               │         │          │             │
      │ quirk:fenced_json@0 │ ● served      │ ·            │ ·            │ ·             │ ✓ pass  │ valid    │ synthesized │
      │                     │ (fenced_json) │              │              │               │         │          │             │
      │ every_step_fails    │ 503 downtime  │ 503 downtime │ 503 downtime │ 404           │ ✓ pass  │ surfaced │ none        │
      │                     │               │              │              │ no_endpoint   │         │          │             │
      │                     │               │              │              │ (natural)     │         │          │             │
      └─────────────────────┴───────────────┴──────────────┴──────────────┴───────────────┴─────────┴──────────┴─────────────┘"
    `)
  })

  it('fits 80 columns by joining verdict and outcome and shortening step cells to status codes, with a legend', () => {
    const report = reportFixture()
    // A long variant id and a fault without a status (a reset connection) too.
    report.scenarios[0]!.cases.push(
      makeCase({
        id: 'no_credits@0~insufficient-credits',
        servedStep: null,
        servedBy: null,
        outcome: 'surfaced',
        attempts: [
          {
            step: 0,
            model: 'google/gemini-2.5-flash',
            provider: null,
            fault: 'connection_reset',
            natural: false,
            status: 0,
            latencyMs: 1,
          },
        ],
      }),
    )
    const out = render(report, { width: 80 })
    const lines = out.split('\n')
    const table = lines.slice(
      lines.findIndex((l) => l.startsWith('┌')),
      lines.findIndex((l) => l.startsWith('└')) + 3,
    )
    for (const line of table) expect(visibleWidth(line)).toBeLessThanOrEqual(80)
    expect(table.join('\n')).toMatchInlineSnapshot(`
      "┌───────────────────────┬──────────────────┬──────┬───────┬───────┬────────────┐
      │ case                  │ 1 gemini-2.5-fl… │ 2 g… │ 3 cl… │ 4 ll… │ result     │
      ├───────────────────────┼──────────────────┼──────┼───────┼───────┼────────────┤
      │ baseline              │ ●                │ ·    │ ·     │ ·     │ ✓ valid    │
      │ rate_limit@0          │ 429              │ ●    │ ·     │ ·     │ ✗ invalid  │
      │ timeout@0             │ 504 ×2           │ ●    │ ·     │ ·     │ ✓ valid    │
      │ quirk:fenced_json@0   │ ● quirk          │ ·    │ ·     │ ·     │ ✓ valid    │
      │ every_step_fails      │ 503              │ 503  │ 503   │ 404*  │ ✓ surfaced │
      │ no_credits@0          │ connection_reset │ ·    │ ·     │ ·     │ ✓ surfaced │
      │ ~insufficient-credits │                  │      │       │       │            │
      └───────────────────────┴──────────────────┴──────┴───────┴───────┴────────────┘
        ● served · ✓ answered, passed over · 429 a fault's HTTP status
        * raised by the router itself · −params served without parameters it dropped"
    `)
  })

  it('on a terminal, wraps the sentences around the table (steps, lint, notes, failures, summary) to the width too', () => {
    const out = tableReporter.render(reportFixture(), { color: false, width: 80, wrapText: true }).stdout!
    // Off a terminal (pipes, CI logs) a sentence stays on one line for grep.
    expect(render(reportFixture(), { width: 80 })).toContain(
      'The cascade lists 4 models; OpenRouter accepts at most 3.',
    )
    for (const line of out.split('\n')) expect(visibleWidth(line), line).toBeLessThanOrEqual(80)
    // Continuation lines sit deeper than the line they continue, and no word is lost.
    expect(out).toContain(
      '  error    models-limit        request.models    The cascade lists 4 models;\n      OpenRouter accepts at most 3.',
    )
    expect(out.replace(/\n +/g, ' ')).toContain(
      render()
        .split('\n')
        .find((l) => l.startsWith('FAIL'))!,
    )
  })

  it('measures wide characters as two columns, so borders line up around CJK and emoji', () => {
    const report = reportFixture()
    report.scenarios = [
      {
        ...report.scenarios[1]!,
        cases: [makeCase({ id: '请求限制@0' }), makeCase({ id: 'rate 🚦 limit' }), makeCase({ id: 'plain' })],
      },
    ]
    for (const width of [undefined, 60]) {
      const lines = render(report, { width }).split('\n')
      const table = lines.filter((l) => /^[┌│├└]/.test(l))
      const widths = new Set(table.map(visibleWidth))
      expect(widths.size).toBe(1)
      if (width) expect([...widths][0]).toBeLessThanOrEqual(width)
      // The right border sits in the same column on a wide row as on a plain one.
      const plain = table.find((l) => l.includes('plain'))!
      expect(visibleWidth(table.find((l) => l.includes('请求限制@0'))!)).toBe(visibleWidth(plain))
      expect(table.some((l) => l.includes('rate 🚦 limit'))).toBe(true)
    }
    expect(visibleWidth('请求')).toBe(4)
    expect(visibleWidth('🚦')).toBe(2)
    expect(visibleWidth('\u001b[31m✗ fail\u001b[39m')).toBe(6)
  })

  it('keeps the full table when no width is known or it fits', () => {
    expect(render(reportFixture(), { width: 400 })).toBe(render())
  })

  it('leaves the table out for a scenario without cases (lint only)', () => {
    const report = reportFixture()
    report.scenarios = [{ ...report.scenarios[0]!, cases: [] }]
    const out = render(report)
    expect(out).not.toContain('┌')
    expect(out).toContain('  error    models-limit        request.models    The cascade lists 4 models')
  })
})
