import { describe, expect, it } from 'vitest'
import { findings, request } from '../__fixtures__/lint.js'

describe('models-limit', () => {
  it('fails a models list of 4 with the router own 400 and says no fallback happens', () => {
    const req = request({
      models: [
        'google/gemini-2.5-flash',
        'openai/gpt-4.1-mini',
        'anthropic/claude-sonnet-4.5',
        'meta-llama/llama-3.3-70b-instruct',
      ],
    })
    expect(findings('models-limit', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Keep 3 (google/gemini-2.5-flash, openai/gpt-4.1-mini and anthropic/claude-sonnet-4.5) and move meta-llama/llama-3.3-70b-instruct into a client-side stage that calls the router again when this request fails.",
          "message": "'models' has 4 entries, and the router allows at most 3: it answers 400 "'models' array must have 3 items or fewer." Every request fails with that 400 and no fallback happens, not even to the first model.",
          "path": "request.models",
          "rule": "models-limit",
          "severity": "error",
          "step": null,
        },
      ]
    `)
  })

  it('accepts 3 models', () => {
    const req = request({ models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini', 'anthropic/claude-sonnet-4.5'] })
    expect(findings('models-limit', req)).toEqual([])
  })

  it('does not count `model` toward the limit by default (the AI SDK sends it beside 3 models)', () => {
    const req = request({
      model: 'google/gemini-2.5-flash',
      models: ['openai/gpt-4.1-mini', 'anthropic/claude-sonnet-4.5', 'meta-llama/llama-3.3-70b-instruct'],
    })
    expect(findings('models-limit', req)).toEqual([])
  })

  it('counts `model` when the emulator option says it counts', () => {
    const req = request({
      model: 'google/gemini-2.5-flash',
      models: ['openai/gpt-4.1-mini', 'anthropic/claude-sonnet-4.5', 'meta-llama/llama-3.3-70b-instruct'],
    })
    expect(findings('models-limit', req, { modelCountsTowardLimit: true })).toMatchInlineSnapshot(`
      [
        {
          "fix": "Keep 3 (google/gemini-2.5-flash, openai/gpt-4.1-mini and anthropic/claude-sonnet-4.5) and move meta-llama/llama-3.3-70b-instruct into a client-side stage that calls the router again when this request fails.",
          "message": "'model' and 'models' name 4 models together (counting 'model', as configured), and the router allows at most 3: it answers 400 "'models' array must have 3 items or fewer." Every request fails with that 400 and no fallback happens, not even to the first model.",
          "path": "request.models",
          "rule": "models-limit",
          "severity": "error",
          "step": null,
        },
      ]
    `)
  })

  it('does not count a `model` that models repeats, even when `model` counts', () => {
    const req = request({
      model: 'google/gemini-2.5-flash',
      models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini', 'anthropic/claude-sonnet-4.5'],
    })
    expect(findings('models-limit', req, { modelCountsTowardLimit: true })).toEqual([])
  })
})

describe('models-limit fix', () => {
  it('proposes the did-you-mean of a misspelt id it keeps, not the id the router rejects', () => {
    const req = request({
      models: [
        'google/gemini-2.5-flash',
        'openai/gpt-4.1-mini',
        'anthropic/claude-sonnet-4-5',
        'gryphe/mythomax-l2-13b:free',
      ],
    })
    expect(findings('models-limit', req)[0]?.fix).toMatchInlineSnapshot(
      `"Keep 3 (google/gemini-2.5-flash, openai/gpt-4.1-mini and anthropic/claude-sonnet-4.5) and move gryphe/mythomax-l2-13b:free into a client-side stage that calls the router again when this request fails."`,
    )
  })

  it('proposes an id once when its correction repeats another entry', () => {
    const req = request({
      models: [
        'anthropic/claude-sonnet-4.5',
        'anthropic/claude-sonnet-4-5',
        'openai/gpt-4.1-mini',
        'google/gemini-2.5-flash',
      ],
    })
    expect(findings('models-limit', req)[0]?.fix).toMatchInlineSnapshot(
      `"Keep anthropic/claude-sonnet-4.5, openai/gpt-4.1-mini and google/gemini-2.5-flash, each written once, so that models has at most 3 entries."`,
    )
  })

  it('keeps ids it cannot correct as written', () => {
    const req = request({
      models: ['google/gemini-2.5-flash', 'qwen/qwen3-coder-plus-2027', 'openai/gpt-4.1-mini', 'openai/gpt-4o'],
    })
    expect(findings('models-limit', req)[0]?.fix).toContain(
      'Keep 3 (google/gemini-2.5-flash, qwen/qwen3-coder-plus-2027 and openai/gpt-4.1-mini)',
    )
  })
})
