import { describe, expect, it } from 'vitest'
import { BUILTIN_CATALOG } from '../catalog/builtin.js'
import { findModel } from '../catalog/lookup.js'
import { CHARACTER_COUNTER, estimatePrompt, loadExactCounter } from '../tokens/index.js'
import type { ChatRequest } from '../types.js'
import { canStepServe, inspectStep } from './natural-faults.js'
import { emulator, GEMINI_FLASH, HELLO, MYTHOMAX_FREE, send } from './test-support.js'

const TOOLS = [
  {
    type: 'function',
    function: { name: 'save_invoice', parameters: { type: 'object', properties: { total: { type: 'number' } } } },
  },
]
const FORMAT = {
  type: 'json_schema',
  json_schema: { name: 'invoice', schema: { type: 'object', properties: { total: { type: 'number' } } } },
}
const GPT_4O_MINI = 'openai/gpt-4o-mini'
const TOOL_USE_404 =
  'No endpoints found that support tool use. Try disabling "save_invoice". To learn more about provider routing, visit: https://openrouter.ai/docs/guides/routing/provider-selection'

describe('a step without a parameter the request uses', () => {
  it('fails with the tool-use 404 under require_parameters and falls back', async () => {
    const target = emulator()
    const answered = await send(emulator(), {
      models: [MYTHOMAX_FREE],
      messages: HELLO,
      tools: TOOLS,
      provider: { require_parameters: true },
    })
    expect(answered.status).toBe(404)
    expect(answered.body.error.message).toBe(TOOL_USE_404)
    expect(answered.body.error.availability).toMatchObject({
      code: 'constraint_filtered',
      excluded_by: ['require_parameters'],
    })

    const fallback = await send(target, {
      models: [MYTHOMAX_FREE, GEMINI_FLASH],
      messages: HELLO,
      tools: TOOLS,
      provider: { require_parameters: true },
    })
    expect(fallback.body.model).toBe(GEMINI_FLASH)
    expect(target.traces[0]?.attempts[0]).toMatchObject({
      step: 0,
      model: MYTHOMAX_FREE,
      provider: null,
      fault: 'no_endpoint',
      natural: true,
      status: 404,
    })
  })

  it('fails with the parameters 404 under require_parameters when response_format is what the step lacks', async () => {
    const answered = await send(emulator(), {
      model: MYTHOMAX_FREE,
      messages: HELLO,
      response_format: FORMAT,
      provider: { require_parameters: true },
    })
    expect(answered.status).toBe(404)
    expect(answered.body.error.message).toBe('No endpoints found that can handle the requested parameters.')
  })

  it('fails with the tool-use 404 without require_parameters in 404 mode', async () => {
    const answered = await send(emulator({}, { options: { unsupportedParameter: '404' } }), {
      model: MYTHOMAX_FREE,
      messages: HELLO,
      tools: TOOLS,
    })
    expect(answered.status).toBe(404)
    expect(answered.body.error.message).toBe(TOOL_USE_404)
  })

  it('serves plain text with the tools dropped in ignore mode', async () => {
    const target = emulator({}, { options: { unsupportedParameter: 'ignore' } })
    const answered = await send(target, {
      model: MYTHOMAX_FREE,
      messages: HELLO,
      tools: TOOLS,
      tool_choice: 'required',
    })
    expect(answered.status).toBe(200)
    expect(answered.body.model).toBe(MYTHOMAX_FREE)
    expect(answered.body.choices[0].finish_reason).toBe('stop')
    expect(answered.body.choices[0].message).not.toHaveProperty('tool_calls')
    expect(typeof answered.body.choices[0].message.content).toBe('string')
    expect(target.traces[0]?.attempts).toEqual([
      expect.objectContaining({ fault: null, natural: false, status: 200, dropped: ['tools', 'tool_choice'] }),
    ])
  })

  it('still honours require_parameters in ignore mode', async () => {
    const target = emulator({}, { options: { unsupportedParameter: 'ignore' } })
    const answered = await send(target, {
      model: MYTHOMAX_FREE,
      messages: HELLO,
      tools: TOOLS,
      provider: { require_parameters: true },
    })
    expect(answered.status).toBe(404)
  })

  it('drops an unsupported response_format silently without require_parameters', async () => {
    const answered = await send(emulator(), { model: MYTHOMAX_FREE, messages: HELLO, response_format: FORMAT })
    expect(answered.status).toBe(200)
    expect(answered.body.choices[0].message.content).toContain('[synthesized by cascade-harness]')
  })

  it('comes before the plan: the natural fault is what the step shows', async () => {
    const target = emulator({ '0': 'rate_limit' })
    await send(target, {
      models: [MYTHOMAX_FREE, GEMINI_FLASH],
      messages: HELLO,
      tools: TOOLS,
      provider: { require_parameters: true },
    })
    expect(target.traces[0]?.attempts.map((a) => [a.fault, a.natural])).toEqual([
      ['no_endpoint', true],
      [null, false],
    ])
  })
})

describe("a prompt over the step's context window", () => {
  it('fails with the context-length 400 and falls back', async () => {
    const target = emulator()
    // About 5,000 tokens with o200k (" word" is one token), 6,250 at 4 characters a token: over 4,096 either way.
    const long = [{ role: 'user', content: 'word '.repeat(5000) }]
    const answered = await send(target, { models: [MYTHOMAX_FREE, GEMINI_FLASH], messages: long })
    expect(answered.body.model).toBe(GEMINI_FLASH)
    expect(target.traces[0]?.attempts[0]).toMatchObject({ fault: 'context_length', natural: true, status: 400 })

    const alone = await send(emulator(), { model: MYTHOMAX_FREE, messages: long })
    // A prompt near a window is counted exactly: `handle` loads the o200k tokenizer for it.
    const prompt = estimatePrompt({ messages: long } as ChatRequest, (await loadExactCounter())!).total
    expect(prompt).toBe(5008) // o200k: 'word ' is one token, plus 4 framing tokens for the message and 3 for the reply
    expect(alone.status).toBe(400)
    expect(alone.body.error.message).toBe(
      `This endpoint's maximum context length is 4096 tokens. However, you requested about ${prompt} tokens (${prompt} of text input, 0 in the output). Please reduce the length of either one, or use the context-compression plugin to compress your prompt automatically.`,
    )
  })

  it('counts max_tokens toward the window', async () => {
    const answered = await send(emulator(), { model: MYTHOMAX_FREE, messages: HELLO, max_tokens: 4096 })
    expect(answered.status).toBe(400)
    expect(answered.body.error.message).toMatch(/\(\d+ of text input, 4096 in the output\)/)
  })

  it('counts max_completion_tokens, not max_tokens, when a request sends both', async () => {
    const over = await send(emulator(), {
      model: GPT_4O_MINI,
      messages: HELLO,
      max_completion_tokens: 200_000,
      max_tokens: 100,
    })
    expect(over.status).toBe(400)
    expect(over.body.error.message).toMatch(/\(\d+ of text input, 200000 in the output\)/)
    const fits = await send(emulator(), {
      model: GPT_4O_MINI,
      messages: HELLO,
      max_completion_tokens: 100,
      max_tokens: 200_000,
    })
    expect(fits.status).toBe(200)
  })

  it('reports tools apart as tool input, and bills usage on the same estimate', async () => {
    const body = { model: MYTHOMAX_FREE, messages: HELLO, tools: TOOLS, max_tokens: 4096 }
    const estimate = estimatePrompt(body as ChatRequest, (await loadExactCounter())!)
    const answered = await send(emulator(), body)
    expect(answered.body.error.message).toContain(
      `(${estimate.messages} of text input, ${estimate.tools} of tool input, 4096 in the output)`,
    )

    const served = await send(emulator(), { model: GPT_4O_MINI, messages: HELLO, response_format: FORMAT })
    // Usage is a figure, at 4 characters a token, whether or not the tokenizer is loaded.
    expect(served.body.usage.prompt_tokens).toBe(
      estimatePrompt({ messages: HELLO, response_format: FORMAT } as ChatRequest, CHARACTER_COUNTER).total,
    )
  })
})

describe('inspectStep, the facts lint and the matrix share', () => {
  const mythomax = findModel(BUILTIN_CATALOG, MYTHOMAX_FREE)!

  it('lists the parameters a model lacks and what the router does about them', () => {
    const request = {
      messages: HELLO as never,
      tools: TOOLS as never,
      response_format: FORMAT as never,
      temperature: 0,
    }
    const facts = inspectStep(mythomax, MYTHOMAX_FREE, request, { unsupportedParameter: 'ignore' })
    expect(facts.unsupported).toEqual(['response_format', 'tools'])
    expect(facts.natural).toBeNull()
    expect(facts.dropped).toEqual(['response_format', 'tools'])
    expect(facts.providers).toEqual(['DeepInfra'])
    expect(inspectStep(mythomax, MYTHOMAX_FREE, request, { unsupportedParameter: '404' }).natural).toEqual({
      fault: 'no_endpoint',
      reason: 'tool_use',
      parameters: ['tools'],
    })
  })

  it('tells the matrix which steps can serve by themselves', () => {
    const request = { messages: HELLO as never, tools: TOOLS as never }
    const options = { unsupportedParameter: '404' as const }
    expect(canStepServe(request, MYTHOMAX_FREE, BUILTIN_CATALOG, options)).toBe(false)
    expect(canStepServe(request, GEMINI_FLASH, BUILTIN_CATALOG, options)).toBe(true)
    expect(canStepServe(request, 'nope/unknown', BUILTIN_CATALOG, options)).toBe(false)
  })
})

describe('a retired :free variant', () => {
  it('answers 404 "No endpoints found for <id>." and the router moves on to the next model', async () => {
    const target = emulator()
    const answered = await send(target, { models: ['openai/gpt-4.1-mini:free', GEMINI_FLASH], messages: HELLO })
    expect(answered.status).toBe(200)
    expect(answered.body.model).toBe(GEMINI_FLASH)
    expect(target.traces[0]?.attempts.map((a) => [a.model, a.fault, a.status, a.natural])).toEqual([
      ['openai/gpt-4.1-mini:free', 'no_endpoint', 404, true],
      [GEMINI_FLASH, null, 200, false],
    ])
  })

  it('is the whole answer when it is the only step, with the free_variant_ended availability code', async () => {
    const answered = await send(emulator(), { model: 'openai/gpt-4.1-mini:free', messages: HELLO })
    expect(answered.status).toBe(404)
    expect(answered.body.error).toMatchObject({
      message: 'No endpoints found for openai/gpt-4.1-mini:free.',
      code: 404,
      availability: { code: 'free_variant_ended' },
    })
  })

  it('still refuses an id unknown in every form with a 400', async () => {
    const answered = await send(emulator(), { model: 'openai/gpt-9-nano:free', messages: HELLO })
    expect(answered.status).toBe(400)
    expect(answered.body.error.message).toBe('openai/gpt-9-nano:free is not a valid model ID')
  })
})
