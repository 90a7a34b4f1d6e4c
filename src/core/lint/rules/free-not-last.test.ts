import { describe, expect, it } from 'vitest'
import { findings, request } from '../__fixtures__/lint.js'

describe('free-not-last', () => {
  it('warns about a free variant first in the cascade', () => {
    const req = request({
      models: ['meta-llama/llama-3.3-70b-instruct:free', 'google/gemini-2.5-flash', 'openai/gpt-4.1-mini'],
    })
    expect(findings('free-not-last', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Move meta-llama/llama-3.3-70b-instruct:free after openai/gpt-4.1-mini (last), or drop it.",
          "message": "step 1, meta-llama/llama-3.3-70b-instruct:free, is a free variant ahead of paid steps google/gemini-2.5-flash and openai/gpt-4.1-mini: free variants allow 20 requests a minute and 50 a day (1,000 with 10 credits bought) and are rate-limited upstream more than any other, so many requests fail here first and reach the paid step late, after the failed attempt's latency.",
          "path": "request.models[0]",
          "rule": "free-not-last",
          "severity": "warning",
          "step": 0,
        },
      ]
    `)
  })

  it('warns that a free variant is a weak last resort behind paid steps', () => {
    const req = request({
      models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini', 'meta-llama/llama-3.3-70b-instruct:free'],
    })
    const [finding, ...rest] = findings('free-not-last', req)
    expect(rest).toEqual([])
    expect(finding).toMatchObject({ severity: 'warning', step: 2, path: 'request.models[2]' })
    expect(finding?.message).toContain('is a free variant as the last resort behind paid steps')
  })

  it('accepts a paid cascade with no free variant', () => {
    const req = request({ models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini'] })
    expect(findings('free-not-last', req)).toEqual([])
  })

  it('accepts a cascade of free variants only, which is how a request stays free', () => {
    const req = request({ models: ['meta-llama/llama-3.3-70b-instruct:free', 'gryphe/mythomax-l2-13b:free'] })
    expect(findings('free-not-last', req)).toEqual([])
  })
})
