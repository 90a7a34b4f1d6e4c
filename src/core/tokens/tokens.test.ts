import { describe, expect, it } from 'vitest'
import {
  BYTE_BOUND_COUNTER,
  CHARACTER_COUNTER,
  estimatePrompt,
  loadExactCounter,
  loadedExactCounter,
  prepareWindowCount,
  promptAgainstWindow,
  requestedOutput,
  type TokenCounter,
} from './index.js'
import type { ChatRequest } from '../types.js'
import { MESSAGES, invoiceSchema, request } from '../lint/__fixtures__/lint.js'

describe('prompt estimates', () => {
  it('count messages with their framing, tools and the response_format schema', () => {
    const req = request({
      tools: [{ type: 'function', function: { name: 'save_invoice', parameters: invoiceSchema() } }],
      response_format: { type: 'json_schema', json_schema: { name: 'invoice', schema: invoiceSchema() } },
    })
    const estimate = estimatePrompt(req, CHARACTER_COUNTER)
    const text = MESSAGES.map((m) => String(m.content)).map((t) => Math.ceil(t.length / 4) + 4)
    expect(estimate.messages).toBe(text.reduce((a, b) => a + b, 0) + 3)
    expect(estimate.tools).toBe(Math.ceil(JSON.stringify(req.tools).length / 4))
    expect(estimate.total).toBe(estimate.messages + estimate.tools + estimate.responseFormat)
  })

  it('count the text parts of multi-part content and skip images', () => {
    const req = request({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'abcdabcd' },
            { type: 'image_url', image_url: { url: 'data:...' } },
          ],
        },
      ],
    })
    expect(estimatePrompt(req, CHARACTER_COUNTER).messages).toBe(2 + 4 + 3)
  })

  it('quote figures at 4 characters a token, and load the o200k tokenizer only for a prompt that may reach a window', async () => {
    // Run first in this file (a fresh module per file): nothing has loaded the tokenizer yet.
    const small = request({ messages: [{ role: 'user', content: 'hello '.repeat(1_000) }] })
    expect(estimatePrompt(small).total).toBe(estimatePrompt(small, CHARACTER_COUNTER).total)
    await prepareWindowCount(small, [128_000, 1_000_000])
    expect(loadedExactCounter()).toBeUndefined()
    expect(promptAgainstWindow(small, 128_000)).toBeUndefined()
    // 6,000 bytes may reach 90 % of a 6,000-token window: only the exact count can tell.
    await prepareWindowCount(small, [6_000, 1_000_000])
    expect(loadedExactCounter()?.describe).toBe('estimated with the o200k tokenizer')
    expect(promptAgainstWindow(small, 6_000)?.counter).toBe(loadedExactCounter())
  })

  it('bound the o200k count from above by the UTF-8 length, for any text', async () => {
    const o200k = (await loadExactCounter())!
    const texts = [
      'hello world',
      'Grüße, naïve café',
      '日本語のテキスト',
      '🙂🙂🙂 emoji',
      'lone \ud800 surrogate',
      ' '.repeat(500),
      'a <|endoftext|> b',
      JSON.stringify({ a: [1, 2, { b: 'ü' }] }),
    ]
    for (const text of texts) {
      expect(BYTE_BOUND_COUNTER.count(text), text).toBe(new TextEncoder().encode(text).length)
      expect(o200k.count(text), text).toBeLessThanOrEqual(BYTE_BOUND_COUNTER.count(text))
    }
  })

  it('count with o200k, special tokens in user text included', async () => {
    const counter = (await loadExactCounter())!
    expect(counter.describe).toBe('estimated with the o200k tokenizer')
    expect(counter.count('hello world')).toBe(2)
    // A user's text that spells a special token is counted as text, never refused or cut short.
    expect(counter.count('a <|endoftext|> b')).toBeGreaterThan(3)
    // Its speed is measured by `npm run bench`, not asserted here: a timed test fails on a busy machine.
  })

  it('count prose exactly as one call of the tokenizer does, though it is counted in pieces', async () => {
    const counter = (await loadExactCounter())!
    const { countTokens } = (await import('gpt-tokenizer/encoding/o200k_base')) as {
      countTokens: (text: string) => number
    }
    const prose = Array.from(
      { length: 3000 },
      (_, i) => `Invoice ${i}: total 1${i}.50 EUR, due in ${i % 30} days.\n`,
    ).join('')
    expect(counter.count(prose)).toBe(countTokens(prose))
  })

  // A 3 MB word took BPE over a minute (its cost grows with the square of a word's length), so
  // `lint` of a scenario with such a prompt never ended; the margin here is some hundred times.
  it('count a 3 MB text without a space or a newline in seconds', { timeout: 30_000 }, async () => {
    const counter = (await loadExactCounter())!
    const tokens = counter.count('x'.repeat(3_000_000))
    expect(tokens).toBeGreaterThan(300_000)
    expect(tokens).toBeLessThanOrEqual(3_000_000)
  })
})

describe('the output a request reserves', () => {
  it('is max_completion_tokens when both fields are sent (OpenRouter deprecates max_tokens for it)', () => {
    expect(requestedOutput({ messages: [], max_tokens: 500, max_completion_tokens: 60 })).toEqual({
      tokens: 60,
      field: 'max_completion_tokens',
    })
  })

  it('is max_tokens when it is the only field, and nothing when neither is a positive number', () => {
    expect(requestedOutput({ messages: [], max_tokens: 500 })).toEqual({ tokens: 500, field: 'max_tokens' })
    expect(requestedOutput({ messages: [], max_tokens: 500, max_completion_tokens: 0 })).toEqual({
      tokens: 500,
      field: 'max_tokens',
    })
    expect(requestedOutput({ messages: [] })).toBeUndefined()
  })
})

describe('the prompt estimate cache', () => {
  /** 4 characters a token, counting its calls: a stand-in for the tokenizer. */
  const countingCounter = (): TokenCounter & { calls: number } => {
    const counter = {
      describe: 'counted by the test',
      calls: 0,
      count: (text: string) => (counter.calls++, Math.ceil(text.length / 4)),
    }
    return counter
  }
  /** A request as the emulator sees it: freshly parsed from the same body each time. */
  const parsed = (body: ChatRequest): ChatRequest => JSON.parse(JSON.stringify(body)) as ChatRequest
  const body = (text: string, fields: Partial<ChatRequest> = {}): ChatRequest => ({
    messages: [{ role: 'user', content: text }],
    ...fields,
  })

  it('tokenizes the repeated cases of one scenario once, each a new object from the same JSON', () => {
    const counter = countingCounter()
    const tools = [{ type: 'function' as const, function: { name: 'save', parameters: { type: 'object' } } }]
    const first = estimatePrompt(parsed(body('Extract the total.', { tools })), counter)
    const calls = counter.calls
    expect(calls).toBeGreaterThan(0)
    for (let i = 0; i < 5; i++)
      expect(estimatePrompt(parsed(body('Extract the total.', { tools })), counter)).toEqual(first)
    expect(counter.calls).toBe(calls)
  })

  it('counts again when the messages, the tools or the schema differ', () => {
    const counter = countingCounter()
    const base = estimatePrompt(parsed(body('Extract the total.')), counter)
    const tools = [
      {
        type: 'function' as const,
        function: { name: 'save_invoice_with_a_long_name', parameters: { type: 'object' } },
      },
    ]
    expect(estimatePrompt(parsed(body('Extract the total.', { tools })), counter).tools).toBeGreaterThan(0)
    const schema = { type: 'json_schema' as const, json_schema: { name: 'invoice', schema: { type: 'object' } } }
    expect(
      estimatePrompt(parsed(body('Extract the total.', { response_format: schema })), counter).responseFormat,
    ).toBeGreaterThan(0)
    expect(estimatePrompt(parsed(body('Extract the total, please.')), counter).messages).toBeGreaterThan(base.messages)
  })

  it('keeps 256 requests and forgets the least recently used one first', () => {
    const counter = countingCounter()
    estimatePrompt(parsed(body('request 0')), counter)
    estimatePrompt(parsed(body('request 1')), counter)
    for (let i = 2; i < 256; i++) estimatePrompt(parsed(body(`request ${i}`)), counter)
    // A hit on request 0 makes request 1 the oldest; request 256 then pushes request 1 out.
    const calls = counter.calls
    estimatePrompt(parsed(body('request 0')), counter)
    expect(counter.calls).toBe(calls)
    estimatePrompt(parsed(body('request 256')), counter)
    const afterNew = counter.calls
    estimatePrompt(parsed(body('request 0')), counter)
    expect(counter.calls).toBe(afterNew)
    estimatePrompt(parsed(body('request 1')), counter)
    expect(counter.calls).toBeGreaterThan(afterNew)
  })
})
