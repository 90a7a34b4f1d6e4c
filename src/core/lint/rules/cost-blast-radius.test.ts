import { describe, expect, it } from 'vitest'
import { findings, request } from '../__fixtures__/lint.js'

describe('cost-blast-radius', () => {
  it('warns about a fallback that costs many times the primary, with the figures and the ratio', () => {
    const req = request({
      models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini', 'anthropic/claude-opus-4.1'],
      max_tokens: 500,
    })
    expect(findings('cost-blast-radius', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Put a cheaper model before it, cap max_tokens, or set expect.maxCostUsd so \`run\` fails when a fallback path costs too much (threshold: 10×).",
          "message": "step 3, anthropic/claude-opus-4.1, costs about $0.038 a request, 30× the primary google/gemini-2.5-flash ($0.00126), for 34 prompt tokens (estimated at 4 characters a token) and 500 output tokens (max_tokens) at each model's catalog price. Every request that the steps before it fail costs 30 times as much.",
          "path": "request.models[2]",
          "rule": "cost-blast-radius",
          "severity": "warning",
          "step": 2,
        },
      ]
    `)
  })

  it('assumes 1,000 output tokens when the request sets no max_tokens, and says so', () => {
    const req = request({ models: ['meta-llama/llama-3.3-70b-instruct', 'openai/gpt-4o'] })
    expect(findings('cost-blast-radius', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Put a cheaper model before it, cap max_tokens, or set expect.maxCostUsd so \`run\` fails when a fallback path costs too much (threshold: 10×).",
          "message": "step 2, openai/gpt-4o, costs about $0.0101 a request, 25× the primary meta-llama/llama-3.3-70b-instruct ($0.000404), for 34 prompt tokens (estimated at 4 characters a token) and 1,000 output tokens (assumed, no max_tokens is set) at each model's catalog price. Every request that the steps before it fail costs 25 times as much.",
          "path": "request.models[1]",
          "rule": "cost-blast-radius",
          "severity": "warning",
          "step": 1,
        },
      ]
    `)
  })

  it('takes the threshold from the options', () => {
    const req = request({ models: ['google/gemini-2.5-flash', 'openai/gpt-4o'], max_tokens: 500 })
    expect(findings('cost-blast-radius', req)).toEqual([])
    expect(findings('cost-blast-radius', req, { costRatioThreshold: 3 }).map((f) => f.message)).toMatchInlineSnapshot(`
      [
        "step 2, openai/gpt-4o, costs about $0.00509 a request, 4× the primary google/gemini-2.5-flash ($0.00126), for 34 prompt tokens (estimated at 4 characters a token) and 500 output tokens (max_tokens) at each model's catalog price. Every request that the steps before it fail costs 4 times as much.",
      ]
    `)
  })

  it('says nothing when the primary is free (free-not-last covers it) or the fallbacks cost about the same', () => {
    expect(
      findings(
        'cost-blast-radius',
        request({ models: ['meta-llama/llama-3.3-70b-instruct:free', 'anthropic/claude-opus-4.1'] }),
      ),
    ).toEqual([])
    expect(
      findings('cost-blast-radius', request({ models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini'] })),
    ).toEqual([])
  })
})
