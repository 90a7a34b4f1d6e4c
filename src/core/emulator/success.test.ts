import { describe, expect, it } from 'vitest'
import type { ChatRequest } from '../types.js'
import { emulator, GEMINI_FLASH, GPT_41_MINI, HELLO, send, SONNET } from './test-support.js'
import type { CassetteLookup, RecordedAnswer } from './types.js'

const INVOICE_FORMAT = {
  type: 'json_schema',
  json_schema: {
    name: 'invoice',
    strict: true,
    schema: {
      type: 'object',
      properties: { total: { type: 'number' } },
      required: ['total'],
      additionalProperties: false,
    },
  },
}

describe('the success body', () => {
  it('has the live shape, with the served model and its provider', async () => {
    const answered = await send(emulator(), { models: [GEMINI_FLASH, GPT_41_MINI], messages: HELLO })
    const body = answered.body
    expect(answered.status).toBe(200)
    expect(Object.keys(body)).toEqual([
      'id',
      'object',
      'created',
      'model',
      'provider',
      'system_fingerprint',
      'choices',
      'usage',
    ])
    expect(body.id).toMatch(/^gen-1790000000-[A-Za-z0-9]{20}$/)
    expect(answered.headers.get('x-generation-id')).toBe(body.id)
    expect(body).toMatchObject({
      object: 'chat.completion',
      created: 1_790_000_000,
      model: GEMINI_FLASH,
      provider: 'Google Vertex',
      system_fingerprint: null,
    })
    const choice = body.choices[0]
    expect(choice).toMatchObject({ index: 0, logprobs: null, finish_reason: 'stop', native_finish_reason: 'STOP' })
    expect(choice.message).toMatchObject({ role: 'assistant', refusal: null, reasoning: null })
    expect(typeof choice.message.content).toBe('string')
    expect(body.usage).toMatchObject({
      is_byok: false,
      total_tokens: body.usage.prompt_tokens + body.usage.completion_tokens,
    })
    expect(body).not.toHaveProperty('user_id')
  })

  it("prices the answer from the served model's catalog pricing", async () => {
    const target = emulator()
    const { body } = await send(target, { model: SONNET, messages: HELLO })
    const { prompt_tokens, completion_tokens, cost, cost_details } = body.usage
    expect(prompt_tokens).toBeGreaterThan(0)
    expect(completion_tokens).toBeGreaterThan(0)
    // anthropic/claude-sonnet-4.5: $3 per million prompt tokens, $15 per million completion tokens.
    expect(cost).toBeCloseTo(prompt_tokens * 0.000003 + completion_tokens * 0.000015, 12)
    expect(cost_details.upstream_inference_prompt_cost).toBeCloseTo(prompt_tokens * 0.000003, 12)
    expect(target.traces[0]?.costUsd).toBe(cost)
  })

  it("says each family's native finish reason", async () => {
    const anthropic = await send(emulator(), { model: SONNET, messages: HELLO })
    const openai = await send(emulator(), { model: GPT_41_MINI, messages: HELLO })
    expect(anthropic.body.choices[0].native_finish_reason).toBe('end_turn')
    expect(openai.body.choices[0].native_finish_reason).toBe('stop')
  })

  it('answers a tool request with a tool call', async () => {
    const tools = [
      {
        type: 'function',
        function: {
          name: 'save_invoice',
          parameters: { type: 'object', properties: { total: { type: 'number' } }, required: ['total'] },
        },
      },
    ]
    const { body } = await send(emulator(), { model: SONNET, messages: HELLO, tools, tool_choice: 'required' })
    expect(body.choices[0].finish_reason).toBe('tool_calls')
    expect(body.choices[0].native_finish_reason).toBe('tool_use')
    expect(body.choices[0].message.tool_calls[0].function.name).toBe('save_invoice')
  })

  it('gives byte-identical bodies and traces for the same seed, other ids for another', async () => {
    const run = async (seed: number) => {
      const target = emulator({ '0': 'rate_limit' }, { seed })
      const first = await send(target, {
        models: [GEMINI_FLASH, GPT_41_MINI],
        messages: HELLO,
        response_format: INVOICE_FORMAT,
      })
      const second = await send(target, {
        models: [GEMINI_FLASH, GPT_41_MINI],
        messages: HELLO,
        response_format: INVOICE_FORMAT,
      })
      return { texts: [first.text, second.text], traces: JSON.stringify(target.traces) }
    }
    const [a, b, c] = [await run(3), await run(3), await run(4)]
    expect(a).toEqual(b)
    expect(a.texts[0]).not.toBe(a.texts[1]) // two requests, two generation ids
    expect(JSON.parse(c.texts[0] ?? '').id).not.toBe(JSON.parse(a.texts[0] ?? '').id)
  })
})

describe('answers', () => {
  it('replays a cassette recorded for the exact step request', async () => {
    const seen: Array<{ model: string; request: ChatRequest }> = []
    const recorded: RecordedAnswer = {
      status: 200,
      latencyMs: 2345,
      body: {
        model: 'openai/gpt-4.1-mini-2025-04-14',
        choices: [
          {
            finish_reason: 'stop',
            native_finish_reason: 'stop',
            message: { role: 'assistant', content: '{"total":42.5}' },
          },
        ],
        usage: { prompt_tokens: 31, completion_tokens: 7, total_tokens: 38, cost: 0.0000236 },
      },
    }
    const cassettes: CassetteLookup = {
      find(model, request) {
        seen.push({ model, request })
        return model === GPT_41_MINI ? recorded : undefined
      },
    }
    const target = emulator({ '0': 'rate_limit' }, { cassettes })
    const answered = await send(target, { model: GEMINI_FLASH, models: [GEMINI_FLASH, GPT_41_MINI], messages: HELLO })
    expect(answered.body.model).toBe('openai/gpt-4.1-mini-2025-04-14')
    expect(answered.body.choices[0].message.content).toBe('{"total":42.5}')
    expect(answered.body.usage).toEqual(recorded.body && (recorded.body as { usage: unknown }).usage)
    expect(target.traces[0]).toMatchObject({ servedBy: GPT_41_MINI, answerSource: 'cassette', costUsd: 0.0000236 })
    expect(target.traces[0]?.attempts[1]?.latencyMs).toBe(2345)
    // The step request: `model` pinned to the step, no `models` list.
    expect(seen.at(-1)?.request).toEqual({ model: GPT_41_MINI, messages: HELLO })
  })

  it('replays a recorded error and falls back past it', async () => {
    const cassettes: CassetteLookup = {
      find: (model) =>
        model === GEMINI_FLASH
          ? { status: 503, latencyMs: 90, body: { error: { message: 'Service temporarily unavailable', code: 503 } } }
          : undefined,
    }
    const target = emulator({}, { cassettes })
    const answered = await send(target, { models: [GEMINI_FLASH, GPT_41_MINI], messages: HELLO })
    expect(answered.body.model).toBe(GPT_41_MINI)
    expect(target.traces[0]?.attempts.map((a) => [a.fault, a.status])).toEqual([
      [null, 503],
      [null, 200],
    ])
  })

  it('applies a planned quirk to the served answer and records it', async () => {
    const target = emulator({ '0': 'rate_limit', '1': 'fenced_json' })
    const answered = await send(target, {
      models: [GEMINI_FLASH, GPT_41_MINI],
      messages: HELLO,
      response_format: INVOICE_FORMAT,
    })
    expect(answered.status).toBe(200)
    expect(answered.body.choices[0].message.content).toMatch(/^```/)
    expect(target.traces[0]).toMatchObject({ servedStep: 1, quirk: 'fenced_json' })
  })

  it("cuts a choice error's content at half the answer it would have served", async () => {
    const body = { model: GEMINI_FLASH, messages: HELLO }
    const full = (await send(emulator(), body)).body.choices[0].message.content as string
    const partial = (await send(emulator({ '0': 'choice_error' }), body)).body.choices[0].message.content as string
    expect(full.startsWith(partial)).toBe(true)
    expect(partial.length).toBe(Math.ceil(full.length / 2))
  })
})

describe('streaming', () => {
  it('streams the answer as SSE with a keep-alive, a usage chunk and [DONE]', async () => {
    const answered = await send(emulator(), { model: GEMINI_FLASH, messages: HELLO, stream: true })
    expect(answered.headers.get('content-type')).toBe('text/event-stream')
    expect(answered.text.startsWith(': OPENROUTER PROCESSING\n\n')).toBe(true)
    expect(answered.text.endsWith('data: [DONE]\n\n')).toBe(true)
    const chunks = answered.text
      .split('\n\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => JSON.parse(line.slice(6)))
    const content = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('')
    const plain = await send(emulator(), { model: GEMINI_FLASH, messages: HELLO })
    expect(content).toBe(plain.body.choices[0].message.content)
    expect(chunks.at(-2).choices[0]).toMatchObject({ finish_reason: 'stop', native_finish_reason: 'STOP' })
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { cost: plain.body.usage.cost } })
  })

  it('streams tool calls as deltas merged by index', async () => {
    const tools = [
      {
        type: 'function',
        function: {
          name: 'save_invoice',
          parameters: { type: 'object', properties: { total: { type: 'number' } }, required: ['total'] },
        },
      },
    ]
    const answered = await send(emulator(), {
      model: GPT_41_MINI,
      messages: HELLO,
      tools,
      tool_choice: 'required',
      stream: true,
    })
    const deltas = answered.text
      .split('\n\n')
      .filter((line) => line.startsWith('data: {'))
      .flatMap((line) => JSON.parse(line.slice(6)).choices[0]?.delta?.tool_calls ?? [])
    expect(deltas[0]).toMatchObject({ index: 0, type: 'function', function: { name: 'save_invoice', arguments: '' } })
    const args = deltas.map((d: { function: { arguments?: string } }) => d.function.arguments ?? '').join('')
    expect(() => JSON.parse(args)).not.toThrow()
  })

  it('ends a stream with an error chunk on a mid-stream failure', async () => {
    const answered = await send(emulator({ '0': 'stream_error' }), {
      model: GEMINI_FLASH,
      messages: HELLO,
      stream: true,
    })
    expect(answered.status).toBe(200)
    expect(answered.text).not.toContain('[DONE]')
    const last = JSON.parse(answered.text.trim().split('\n\n').at(-1)?.slice(6) ?? '')
    expect(last).toMatchObject({
      error: { code: 502, message: 'Provider disconnected mid-stream' },
      choices: [{ finish_reason: 'error' }],
    })
  })

  it('keeps a pre-stream error as a JSON error with its status in the documented form', async () => {
    const answered = await send(
      emulator({ '0': 'rate_limit' }, { options: { streamErrorBeforeFirstToken: 'http-status' } }),
      { model: GEMINI_FLASH, messages: HELLO, stream: true },
    )
    expect(answered.status).toBe(429)
    expect(answered.body.error.code).toBe(429)
  })
})
