import { describe, expect, it } from 'vitest'
import { makeCase, reportFixture } from './__fixtures__/report.js'
import {
  caseProblems,
  displayPath,
  formatDuration,
  shortModelIds,
  stepCells,
  stepTrace,
  summaryText,
} from './format.js'

const fixture = reportFixture()
const invoice = fixture.scenarios[0]!

describe('stepCells', () => {
  it('marks the served step, the faults before it and the steps the router never reached', () => {
    const c = invoice.cases.find((x) => x.id === 'rate_limit@0')!
    expect(stepCells(invoice, c).map((cell) => cell.text)).toEqual(['429 rate_limit', '● served', '·', '·'])
  })

  it('folds repeated attempts at one step and labels natural faults', () => {
    const retried = invoice.cases.find((x) => x.id === 'timeout@0')!
    expect(stepCells(invoice, retried)[0]).toEqual({ kind: 'fault', text: '504 timeout ×2' })
    const none = invoice.cases.find((x) => x.id === 'every_step_fails')!
    expect(stepCells(invoice, none)[3]).toEqual({ kind: 'fault', text: '404 no_endpoint (natural)' })
  })

  it('names the provider when one step was tried on several providers', () => {
    const ticket = fixture.scenarios[1]!
    expect(stepCells(ticket, ticket.cases[1]!)[0]!.text).toBe(
      '503 downtime @Anthropic → 429 rate_limit @Amazon Bedrock',
    )
  })

  it('shows an answer quirk on the step that served it', () => {
    const quirk = invoice.cases.find((x) => x.id === 'quirk:fenced_json@0')!
    expect(stepCells(invoice, quirk)[0]).toEqual({ kind: 'served', text: '● served (fenced_json)' })
  })

  it('says which parameters the router dropped before a step served', () => {
    const served = invoice.cases[1]!
    const dropped = {
      ...served,
      attempts: served.attempts.map((a) => (a.status === 200 ? { ...a, dropped: ['tools', 'tool_choice'] } : a)),
    }
    expect(stepCells(invoice, dropped)[1]).toEqual({ kind: 'served', text: '● served (without tools, tool_choice)' })
  })

  it('lists only the steps a case reached in a one-line trace', () => {
    expect(stepTrace(invoice, invoice.cases[1]!)).toBe('1 429 rate_limit · 2 ● served')
    expect(stepTrace(invoice, makeCase({ id: 'x', attempts: [], servedStep: null }))).toBe('no step reached')
  })
})

describe('caseProblems', () => {
  it('says why a failed case failed even when the runner listed no failure', () => {
    const crashed = makeCase({
      id: 'downtime@0',
      verdict: 'fail',
      outcome: 'crashed',
      error: { name: 'TypeError', message: "Cannot read properties of undefined (reading 'content')" },
    })
    expect(caseProblems(crashed)).toEqual([
      {
        check: 'crashed',
        path: '',
        message: "the client crashed with TypeError: Cannot read properties of undefined (reading 'content')",
      },
    ])
    const hung = makeCase({ id: 'timeout@1', verdict: 'fail', outcome: 'hung' })
    expect(caseProblems(hung)[0]!.message).toBe('the client hung past the case deadline')
  })

  it('returns nothing for a passing case', () => {
    expect(caseProblems(makeCase({ id: 'baseline' }))).toEqual([])
  })
})

describe('shortModelIds', () => {
  it('drops the vendor prefix when the names stay unique and cuts long names with an ellipsis', () => {
    expect(shortModelIds(['google/gemini-2.5-flash', 'meta-llama/llama-3.3-70b-instruct'])).toEqual([
      'gemini-2.5-flash',
      'llama-3.3-70b-instr…',
    ])
  })

  it('keeps the vendor when two vendors serve the same name, and keeps a :variant suffix', () => {
    expect(shortModelIds(['openai/gpt-oss-120b', 'groq/gpt-oss-120b'], 40)).toEqual([
      'openai/gpt-oss-120b',
      'groq/gpt-oss-120b',
    ])
    expect(shortModelIds(['meta-llama/llama-3.3-70b-instruct:free'])).toEqual(['llama-3.3-70b-…:free'])
  })
})

describe('shared words', () => {
  it('formats durations without locale', () => {
    expect([formatDuration(812), formatDuration(4210), formatDuration(125_000)]).toEqual([
      '812 ms',
      '4.2 s',
      '2 min 5 s',
    ])
  })

  it('shows absolute scenario paths relative to the working directory', () => {
    expect(displayPath('/repo/app/scenarios/a.scenario.ts', '/repo/app')).toBe('scenarios/a.scenario.ts')
    expect(displayPath('scenarios/a.scenario.ts', '/repo/app')).toBe('scenarios/a.scenario.ts')
  })

  it('names the catalog and says when answers were synthesized', () => {
    expect(summaryText(fixture)).toBe(
      '2 scenarios · 7 cases: 6 passed, 1 failed · lint: 1 error, 1 warning, 0 info · 812 ms · built-in catalog · 5 answers synthesized, 1 from cassettes',
    )
    const pulled = reportFixture()
    pulled.catalog = { source: '.cascade/catalog.json', builtIn: false, pulledAt: '2025-06-01T10:00:00.000Z' }
    for (const s of pulled.scenarios) for (const c of s.cases) c.answerSource = 'cassette'
    expect(summaryText(pulled)).toContain('· catalog .cascade/catalog.json (pulled 2025-06-01)')
    expect(summaryText(pulled)).not.toContain('synthesized')
  })
})
