import { describe, expect, it } from 'vitest'
import { BUILTIN_CATALOG } from '../../catalog/builtin.js'
import { createEmulator } from '../../emulator/index.js'
import { lintRequest } from '../index.js'
import { prepareWindowCount } from '../../tokens/index.js'
import type { ChatRequest } from '../../types.js'
import { findings, MESSAGES, request } from '../__fixtures__/lint.js'

/** About `tokens` tokens of text at the fixtures' 4 characters a token. */
const text = (tokens: number) => 'abcd'.repeat(tokens)

describe('context-window', () => {
  it('fails a step whose window cannot hold the prompt plus max_tokens, and says how tokens were counted', () => {
    const req = request({
      models: ['google/gemini-2.5-flash', 'gryphe/mythomax-l2-13b:free'],
      messages: [{ role: 'user', content: text(3_000) }],
      max_tokens: 2_000,
    })
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
    const req = request({
      models: ['google/gemini-2.5-flash', 'gryphe/mythomax-l2-13b:free'],
      messages: [{ role: 'user', content: text(5_000) }],
    })
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
    const req = request({
      models: ['google/gemini-2.5-flash', 'gryphe/mythomax-l2-13b:free'],
      messages: [{ role: 'user', content: text(3_000) }],
      max_completion_tokens: 800,
    })
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
    const big = {
      type: 'object',
      properties: Object.fromEntries(
        Array.from({ length: 400 }, (_, i) => [`field_${i}`, { type: 'string', description: 'a field of the form' }]),
      ),
    }
    const req = request({
      models: ['google/gemini-2.5-flash', 'gryphe/mythomax-l2-13b:free'],
      response_format: { type: 'json_schema', json_schema: { name: 'form', schema: big } },
    })
    const [finding] = findings('context-window', req)
    expect(finding?.step).toBe(1)
    expect(finding?.severity).toBe('error')
  })

  it('says nothing when every window holds the request', () => {
    const req = request({
      models: ['google/gemini-2.5-flash', 'gryphe/mythomax-l2-13b:free'],
      messages: [{ role: 'user', content: text(1_000) }],
      max_tokens: 1_000,
    })
    expect(findings('context-window', req)).toEqual([])
  })
})

/**
 * Lint and the emulator read one estimate (core/tokens): the rule errs for a step exactly when the
 * emulator's pre-flight fails it, whichever counter is installed.
 */
describe('context-window and the emulator', () => {
  const GPT_4O_MINI = 'openai/gpt-4o-mini' // a 128,000-token window in the built-in catalog

  async function emulatorAnswer(body: ChatRequest): Promise<{ status: number; message: string | undefined }> {
    const emulator = createEmulator({
      catalog: BUILTIN_CATALOG,
      seed: 1,
      plan: { id: 'none', at: {}, expect: { servedBy: null } },
    })
    const response = await emulator.handle(
      new Request('https://openrouter.ai/api/v1/chat/completions', {
        method: 'POST',
        headers: { authorization: 'Bearer sk-test' },
        body: JSON.stringify(body),
      }),
    )
    const answer = (await response.json()) as { error?: { message: string } }
    return { status: response.status, message: answer.error?.message }
  }
  // As the runner does: load the exact tokenizer when a prompt may reach a window, then lint.
  const lintErrors = async (body: ChatRequest) => {
    await prepareWindowCount(body, [128_000])
    return lintRequest(body, BUILTIN_CATALOG).filter((f) => f.rule === 'context-window' && f.severity === 'error')
  }

  it('agree on the review\'s repro, 90,000 × " hello" sent to a 128k-context model: both fail it or neither', async () => {
    const body: ChatRequest = { model: GPT_4O_MINI, messages: [{ role: 'user', content: ' hello'.repeat(90_000) }] }
    const answer = await emulatorAnswer(body)
    expect(answer.status === 400).toBe((await lintErrors(body)).length > 0)
    // o200k counts " hello" as one token (about 90,000, under the window); 4 characters a token would make it 135,000.
    expect(answer.status).toBe(200)
  })

  it('quote the same figure when the prompt overflows under either counter', async () => {
    const body: ChatRequest = { model: GPT_4O_MINI, messages: [{ role: 'user', content: ' hello'.repeat(150_000) }] }
    const answer = await emulatorAnswer(body)
    const [finding] = await lintErrors(body)
    expect(answer.status).toBe(400)
    const routerFigure = Number(/you requested about (\d+) tokens/.exec(answer.message ?? '')?.[1])
    const lintFigure = Number(/needs about ([\d,]+)/.exec(finding?.message ?? '')?.[1]?.replaceAll(',', ''))
    expect(routerFigure).toBeGreaterThan(128_000)
    expect(lintFigure).toBe(routerFigure)
    expect(finding?.message).toContain('(estimated with the o200k tokenizer;')
  })

  it('count max_completion_tokens, not max_tokens, when a request sends both', async () => {
    const over: ChatRequest = {
      model: GPT_4O_MINI,
      messages: MESSAGES,
      max_completion_tokens: 200_000,
      max_tokens: 100,
    }
    expect((await emulatorAnswer(over)).status).toBe(400)
    expect((await lintErrors(over)).map((f) => f.path)).toEqual(['request.max_completion_tokens'])

    const fits: ChatRequest = {
      model: GPT_4O_MINI,
      messages: MESSAGES,
      max_completion_tokens: 100,
      max_tokens: 200_000,
    }
    expect((await emulatorAnswer(fits)).status).toBe(200)
    expect(lintRequest(fits, BUILTIN_CATALOG).filter((f) => f.rule === 'context-window')).toEqual([])
  })
})
