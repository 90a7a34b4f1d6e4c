import { describe, expect, it } from 'vitest'
import { findings, request } from './fixtures.js'

/** About `tokens` tokens of text at the fixtures' 4 characters a token. */
const text = (tokens: number) => 'abcd'.repeat(tokens)

describe('context-window', () => {
  it('fails a step whose window cannot hold the prompt plus max_tokens, and says how tokens were counted', () => {
    const req = request({ models: ['google/gemini-2.5-flash', 'gryphe/mythomax-l2-13b:free'], messages: [{ role: 'user', content: text(3_000) }], max_tokens: 2_000 })
    expect(findings('context-window', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Lower max_tokens to at most 679, shorten the prompt, or replace the step with a model with a larger window.",
          "message": "step 2, gryphe/mythomax-l2-13b:free, has a 4,096-token context window, but the request needs about 5,007: 3,007 prompt tokens (estimated at 4 characters a token; the model's own tokenizer may count 10–20 % more) and 2,000 for max_tokens. The router fails this step with a 400 ("This endpoint's maximum context length is 4096 tokens...") before calling it and moves on.",
          "path": "request.max_tokens",
          "rule": "context-window",
          "severity": "error",
          "step": 1,
        },
      ]
    `)
  })

  it('fails a step whose window cannot hold the prompt alone, with no max_tokens', () => {
    const req = request({ models: ['google/gemini-2.5-flash', 'gryphe/mythomax-l2-13b:free'], messages: [{ role: 'user', content: text(5_000) }] })
    expect(findings('context-window', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Shorten the prompt, or replace the step with a model whose context window holds it.",
          "message": "step 2, gryphe/mythomax-l2-13b:free, has a 4,096-token context window, but the request needs about 5,007: 5,007 prompt tokens (estimated at 4 characters a token; the model's own tokenizer may count 10–20 % more); no max_tokens is set, so only the prompt is counted. The router fails this step with a 400 ("This endpoint's maximum context length is 4096 tokens...") before calling it and moves on.",
          "path": "request.messages",
          "rule": "context-window",
          "severity": "error",
          "step": 1,
        },
      ]
    `)
  })

  it('warns when the request fills more than 90 % of a window', () => {
    const req = request({ models: ['google/gemini-2.5-flash', 'gryphe/mythomax-l2-13b:free'], messages: [{ role: 'user', content: text(3_000) }], max_completion_tokens: 800 })
    expect(findings('context-window', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Lower max_completion_tokens to at most 679, shorten the prompt, or replace the step with a model with a larger window.",
          "message": "step 2, gryphe/mythomax-l2-13b:free, has a 4,096-token context window and the request needs about 3,807 (93 %): 3,007 prompt tokens (estimated at 4 characters a token; the model's own tokenizer may count 10–20 % more) and 800 for max_completion_tokens. A slightly longer prompt, or the model's own tokenizer, puts it over, and the router then skips this step with a 400.",
          "path": "request.max_completion_tokens",
          "rule": "context-window",
          "severity": "warning",
          "step": 1,
        },
      ]
    `)
  })

  it('counts tools and the response_format schema as prompt', () => {
    const big = { type: 'object', properties: Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`field_${i}`, { type: 'string', description: 'a field of the form' }])) }
    const req = request({ models: ['google/gemini-2.5-flash', 'gryphe/mythomax-l2-13b:free'], response_format: { type: 'json_schema', json_schema: { name: 'form', schema: big } } })
    const [finding] = findings('context-window', req)
    expect(finding?.step).toBe(1)
    expect(finding?.severity).toBe('error')
  })

  it('says nothing when every window holds the request', () => {
    const req = request({ models: ['google/gemini-2.5-flash', 'gryphe/mythomax-l2-13b:free'], messages: [{ role: 'user', content: text(1_000) }], max_tokens: 1_000 })
    expect(findings('context-window', req)).toEqual([])
  })
})
