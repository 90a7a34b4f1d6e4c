import { describe, expect, it } from 'vitest'
import { CHARACTER_COUNTER, DEFAULT_TOKEN_COUNTER, O200K_COUNTER, estimatePrompt } from '../../src/core/lint/tokens.js'
import { MESSAGES, invoiceSchema, request } from './fixtures.js'

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
    const req = request({ messages: [{ role: 'user', content: [{ type: 'text', text: 'abcdabcd' }, { type: 'image_url', image_url: { url: 'data:...' } }] }] })
    expect(estimatePrompt(req, CHARACTER_COUNTER).messages).toBe(2 + 4 + 3)
  })

  it('use the o200k tokenizer by default when gpt-tokenizer is installed', () => {
    expect(DEFAULT_TOKEN_COUNTER).toBe(O200K_COUNTER ?? CHARACTER_COUNTER)
  })

  it.skipIf(O200K_COUNTER === undefined)('count with o200k, special tokens in user text included, fast enough for lint', () => {
    const counter = O200K_COUNTER!
    expect(counter.describe).toBe('estimated with the o200k tokenizer')
    expect(counter.count('hello world')).toBe(2)
    expect(counter.count('a <|endoftext|> b')).toBeGreaterThan(3)
    const text = 'Extract the invoice fields from the document below. Total: 1,234.56 EUR, due 2026-12-01.\n'.repeat(10_000)
    const started = performance.now()
    counter.count(text)
    // About 900 kB: well under a second even on a slow CI machine (measured ~40 ms on 2 cores).
    expect(performance.now() - started).toBeLessThan(1_000)
  })
})
