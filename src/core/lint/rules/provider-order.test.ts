import { describe, expect, it } from 'vitest'
import { findings, request } from '../__fixtures__/lint.js'

describe('provider-order', () => {
  it('notes a step that no provider in the order serves (soft preference)', () => {
    const req = request({
      models: ['meta-llama/llama-3.3-70b-instruct', 'openai/gpt-4.1-mini'],
      provider: { order: ['deepinfra', 'together'] },
    })
    expect(findings('provider-order', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Add one of openai or azure to provider.order if this step should prefer one.",
          "message": "provider.order (deepinfra and together) names none of the providers of step 2, openai/gpt-4.1-mini (OpenAI and Azure, as far as the harness knows): the order is only a preference, so the router routes this step as if it were not set.",
          "path": "request.provider.order",
          "rule": "provider-order",
          "severity": "info",
          "step": 1,
        },
      ]
    `)
  })

  it('warns when allow_fallbacks is false, because the step then has no provider', () => {
    const req = request({
      models: ['meta-llama/llama-3.3-70b-instruct', 'anthropic/claude-sonnet-4.5'],
      provider: { order: ['deepinfra'], allow_fallbacks: false },
    })
    expect(findings('provider-order', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Add one of anthropic, amazon-bedrock or google-vertex to provider.order, or drop allow_fallbacks: false.",
          "message": "provider.order (deepinfra) names none of the providers of step 2, anthropic/claude-sonnet-4.5 (Anthropic, Amazon Bedrock and Google Vertex, as far as the harness knows), and allow_fallbacks is false: only the listed providers may serve, so this step finds no endpoint (404) and never serves.",
          "path": "request.provider.order",
          "rule": "provider-order",
          "severity": "warning",
          "step": 1,
        },
      ]
    `)
  })

  it('matches display names from the catalog and slugs with a variant (google-vertex/us-east5, DeepInfra)', () => {
    const req = request({
      models: ['meta-llama/llama-3.3-70b-instruct', 'google/gemini-2.5-flash'],
      provider: { order: ['DeepInfra', 'google-vertex/us-east5'] },
    })
    expect(findings('provider-order', req)).toEqual([])
  })

  it('says nothing about a step whose providers it cannot know', () => {
    const req = request({ models: ['gryphe/mythomax-l2-13b:free'], provider: { order: ['openai'] } })
    expect(findings('provider-order', req)).toEqual([])
  })
})
