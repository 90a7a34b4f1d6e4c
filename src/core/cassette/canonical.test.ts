import { describe, expect, it } from 'vitest'
import { canonicalJson, canonicalRequest, changedPaths, requestHash } from './canonical.js'
import type { ChatRequest } from '../types.js'

// The core takes its hash injected; the identity shows exactly what would be hashed.
const identity = (text: string) => text

const base: ChatRequest = {
  models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini'],
  messages: [
    { role: 'system', content: 'Extract the invoice.' },
    { role: 'user', content: 'Invoice 42: 3 widgets at 9.50 EUR' },
  ],
  tools: [
    {
      type: 'function',
      function: {
        name: 'save_invoice',
        description: 'Save an extracted invoice',
        parameters: {
          type: 'object',
          properties: { number: { type: 'string' }, total: { type: 'number' } },
          required: ['number', 'total'],
        },
      },
    },
  ],
  tool_choice: 'auto',
  temperature: 0,
  max_tokens: 400,
  provider: { require_parameters: true },
}

describe('canonicalRequest', () => {
  it('keeps what the model reads and drops routing and delivery fields', () => {
    const canonical = canonicalRequest({
      ...base,
      model: 'x/y',
      stream: true,
      stream_options: { include_usage: true },
      user: 'u1',
      metadata: { a: '1' },
      session_id: 's',
      usage: { include: true },
    })
    expect(Object.keys(canonical)).toEqual(['max_tokens', 'messages', 'temperature', 'tool_choice', 'tools'])
  })

  it('keeps fields it does not know as content, so a new knob makes a cassette stale rather than silently fresh', () => {
    expect(canonicalRequest({ ...base, plugins: [{ id: 'web' }] })).toHaveProperty('plugins')
  })

  it('drops undefined values the way JSON does on the wire', () => {
    expect(canonicalRequest({ ...base, top_p: undefined })).not.toHaveProperty('top_p')
  })
})

describe('requestHash', () => {
  const hash = (request: ChatRequest) => requestHash(request, identity)

  it('is the same when only key order differs, at every depth', () => {
    const reordered = JSON.parse(
      '{"provider":{"require_parameters":true},"max_tokens":400,"temperature":0,"tool_choice":"auto",' +
        '"tools":[{"function":{"parameters":{"required":["number","total"],"properties":{"total":{"type":"number"},"number":{"type":"string"}},"type":"object"},"description":"Save an extracted invoice","name":"save_invoice"},"type":"function"}],' +
        '"messages":[{"content":"Extract the invoice.","role":"system"},{"content":"Invoice 42: 3 widgets at 9.50 EUR","role":"user"}],' +
        '"models":["google/gemini-2.5-flash","openai/gpt-4.1-mini"]}',
    ) as ChatRequest
    expect(hash(reordered)).toBe(hash(base))
  })

  it('is the same whatever the JSON formatting of the source file', () => {
    const pretty = JSON.parse(JSON.stringify(base, null, 4)) as ChatRequest
    expect(hash(pretty)).toBe(hash(base))
  })

  it('is the same when only the cascade, the provider preferences or streaming change', () => {
    expect(
      hash({
        ...base,
        models: ['anthropic/claude-sonnet-4.5'],
        model: 'openai/gpt-4.1',
        provider: { order: ['OpenAI'] },
        stream: true,
      }),
    ).toBe(hash(base))
  })

  it('changes when a tool description changes', () => {
    const tools = structuredClone(base.tools!)
    tools[0]!.function.description = 'Save an extracted invoice (totals in cents)'
    expect(hash({ ...base, tools })).not.toBe(hash(base))
  })

  it('changes when a message, the response format or a sampling parameter changes', () => {
    const messages = structuredClone(base.messages)
    messages[1]!.content = 'Invoice 43: 3 widgets at 9.50 EUR'
    expect(hash({ ...base, messages })).not.toBe(hash(base))
    expect(hash({ ...base, response_format: { type: 'json_object' } })).not.toBe(hash(base))
    expect(hash({ ...base, temperature: 0.2 })).not.toBe(hash(base))
    expect(hash({ ...base, seed: 7 })).not.toBe(hash(base))
    expect(hash({ ...base, reasoning: { effort: 'low' } })).not.toBe(hash(base))
  })

  it('changes when whitespace inside a message changes, because the model reads it', () => {
    const messages = structuredClone(base.messages)
    messages[0]!.content = 'Extract the invoice. '
    expect(hash({ ...base, messages })).not.toBe(hash(base))
  })

  it('changes when the order of messages or tools changes', () => {
    expect(hash({ ...base, messages: [...base.messages].reverse() })).not.toBe(hash(base))
  })
})

describe('canonicalJson', () => {
  it('prints compact JSON with sorted keys', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}',
    )
  })
})

describe('changedPaths', () => {
  it('names the JSON paths that differ between the recorded and the current request', () => {
    const tools = structuredClone(base.tools!)
    tools[0]!.function.description = 'changed'
    expect(changedPaths(canonicalRequest(base), canonicalRequest({ ...base, tools, temperature: 1 }))).toEqual([
      'temperature',
      'tools[0].function.description',
    ])
  })
})
