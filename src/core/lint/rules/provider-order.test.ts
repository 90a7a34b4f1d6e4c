import { describe, expect, it } from 'vitest'
import { CATALOG, findings, request } from '../__fixtures__/lint.js'

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

  it("warns that max_price under a step's price (USD per million tokens) leaves it no endpoint, and not for a step within it", () => {
    // Gemini 2.5 Flash: $0.30 / $2.50 per million tokens; Mistral Small: $0.05 / $0.10.
    const req = request({
      models: ['google/gemini-2.5-flash', 'mistralai/mistral-small-3.2-24b-instruct'],
      provider: { max_price: { prompt: 0.1, completion: '1' } },
    })
    expect(findings('provider-order', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Raise provider.max_price, or give this step a cheaper model.",
          "message": "provider.max_price (prompt $0.1/M tokens, completion $1/M tokens) is below the price of every endpoint of step 1, google/gemini-2.5-flash (Google Vertex and Google AI Studio, as far as the harness knows) per the catalog, so this step finds no endpoint (404) and never serves.",
          "path": "request.provider.max_price",
          "rule": "provider-order",
          "severity": "warning",
          "step": 0,
        },
      ]
    `)
  })

  it('warns about zdr only where the catalog says no endpoint is ZDR; a step with no such fact is not flagged', () => {
    const catalog = {
      ...CATALOG,
      models: CATALOG.models.map((m) =>
        m.id === 'openai/gpt-4.1-mini'
          ? {
              ...m,
              endpoints: [
                { provider_name: 'OpenAI', zdr: false },
                { provider_name: 'Azure', zdr: false },
              ],
            }
          : m,
      ),
    }
    const req = request({ models: ['openai/gpt-4.1-mini', 'openai/gpt-4o'], provider: { zdr: true } })
    const [finding, unchecked, ...rest] = findings('provider-order', req, { catalog })
    expect(rest).toEqual([])
    expect(finding).toMatchObject({ severity: 'warning', step: 0, path: 'request.provider.zdr' })
    // The step with no ZDR fact is served by the emulator: lint says it is not checked, as information.
    expect(unchecked).toEqual({
      rule: 'provider-order',
      severity: 'info',
      step: 1,
      path: 'request.provider.zdr',
      message:
        'provider.zdr is not checked at step 2, openai/gpt-4o: the catalog states whether an endpoint retains no data for none of its endpoints, so the emulator serves it where production may answer 404.',
      fix: "Run cascade-harness catalog pull --endpoints to add the endpoints' facts to the catalog.",
    })
    expect(finding!.message).toBe(
      'provider.zdr is true and the catalog marks no endpoint of step 1, openai/gpt-4.1-mini (OpenAI and Azure, per the catalog) as zero data retention: the router answers 404 "No endpoints for openai/gpt-4.1-mini match your data policy", so this step finds no endpoint (404) and never serves.',
    )
  })
})
