import { describe, expect, it } from 'vitest'
import { lintScenario } from './index.js'
import { CATALOG, invoiceSchema, lint, request } from './__fixtures__/lint.js'

/** A cascade with something wrong at almost every step. */
const messy = () =>
  request({
    model: 'meta-llama/llama-3.3-70b-instruct:free',
    models: [
      'meta-llama/llama-3.3-70b-instruct:free',
      'anthropic/claude-sonnet-4-5',
      'gryphe/mythomax-l2-13b:free',
      'anthropic/claude-opus-4.1',
    ],
    tools: [{ type: 'function', function: { name: 'save_invoice', parameters: invoiceSchema() } }],
    provider: { order: ['deepinfra'] },
  })

const summary = (findings: { severity: string; rule: string; step: number | null }[]) =>
  findings.map((f) => `${f.severity} ${f.rule} ${f.step ?? '-'}`)

describe('lintRequest', () => {
  it('sorts findings by harm: errors first, then by rule rank, then by step', () => {
    expect(summary(lint(messy()))).toMatchInlineSnapshot(`
      [
        "error models-limit -",
        "error unknown-model 1",
        "error unsupported-parameter 2",
        "warning free-not-last 0",
        "warning free-not-last 2",
        "warning require-parameters -",
        "info provider-order 3",
      ]
    `)
  })

  it('applies severity overrides from lint.rules, and drops rules set to off', () => {
    const findings = lint(messy(), {
      severities: { 'free-not-last': 'error', 'unknown-model': 'off', 'provider-order': 'warning' },
    })
    expect(summary(findings)).toMatchInlineSnapshot(`
      [
        "error models-limit -",
        "error unsupported-parameter 2",
        "error free-not-last 0",
        "error free-not-last 2",
        "warning require-parameters -",
        "warning provider-order 3",
      ]
    `)
  })

  it('counts steps of the deduplicated cascade [model, ...models], keeping the first occurrence', () => {
    const req = request({
      model: 'openai/gpt-4.1-mini',
      models: ['openai/gpt-4.1-mini', 'google/gemini-2.5-flash', 'gpt-4o'],
    })
    const [finding] = lint(req).filter((f) => f.rule === 'foreign-model-id')
    expect([finding?.step, finding?.path, finding?.message.slice(0, 15)]).toEqual([
      2,
      'request.models[2]',
      'step 3, gpt-4o,',
    ])
  })

  it('finds nothing in a sound cascade', () => {
    const req = request({
      models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini', 'anthropic/claude-sonnet-4.5'],
      response_format: { type: 'json_schema', json_schema: { name: 'invoice', strict: true, schema: invoiceSchema() } },
      provider: { require_parameters: true },
      max_tokens: 1_000,
    })
    expect(lint(req)).toEqual([])
  })
})

describe('lintScenario', () => {
  it('reads severities and the models limit option from the config', () => {
    const scenario = {
      request: request({
        model: 'google/gemini-2.5-flash',
        models: ['openai/gpt-4.1-mini', 'anthropic/claude-sonnet-4.5', 'openai/gpt-4o'],
      }),
    }
    const config = {
      lint: { rules: { 'models-limit': 'warning' as const } },
      emulator: { modelCountsTowardLimit: true },
    }
    expect(summary(lintScenario(scenario, CATALOG, config))).toEqual(['warning models-limit -'])
    expect(lintScenario(scenario, CATALOG)).toEqual([])
    expect(lintScenario({ scenario, file: 'scenarios/x.scenario.ts' }, CATALOG, config)).toHaveLength(1)
  })

  it('can use another token counter, and says which in the sentence', () => {
    const counter = { describe: 'counted by the test', count: () => 5_000 }
    const req = request({ models: ['gryphe/mythomax-l2-13b:free'] })
    expect(lint(req).filter((f) => f.rule === 'context-window')).toEqual([])
    const over = lint(req, { tokenCounter: counter }).find((f) => f.rule === 'context-window')
    expect(over?.message).toContain('10,011 prompt tokens (counted by the test;')
  })
})
