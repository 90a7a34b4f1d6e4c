import { describe, expect, it } from 'vitest'
import { cassetteSchema } from './schema.js'
import { cassetteStatus, createCassette, createCassetteLookup, recordingOrigin } from './cassette.js'
import { buildStepRequest, cassetteFileName, safeSegment } from './steps.js'
import { hashString } from '../random.js'
import type { ChatRequest } from '../types.js'

// Core code takes its hash injected (the store passes SHA-256); any stable 64-hex function will do here.
const hash = (text: string) => hashString(text).toString(16).padStart(64, '0')

const request: ChatRequest = {
  models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini', 'anthropic/claude-sonnet-4.5'],
  messages: [{ role: 'user', content: 'Say hi' }],
  response_format: { type: 'json_schema', json_schema: { name: 'greeting', schema: { type: 'object' } } },
  provider: { order: ['Google AI Studio'] },
}

const record = (model: string, step: number, req: ChatRequest = request, recordedAt = '2026-11-01T10:00:00.000Z') =>
  createCassette({
    scenario: 'greet',
    step,
    model,
    request: buildStepRequest(req, model),
    response: {
      status: 200,
      body: { model, choices: [{ message: { role: 'assistant', content: '{"hi":1}' }, finish_reason: 'stop' }] },
    },
    latencyMs: 812.4,
    recordedAt,
    harnessVersion: '0.1.0',
    hash,
  })

describe('createCassette', () => {
  it('builds a file that the cassette schema accepts, with the canonical request and no routing fields', () => {
    const cassette = record('google/gemini-2.5-flash', 0)
    expect(cassetteSchema.parse(cassette)).toEqual(cassette)
    expect(cassette.request).not.toHaveProperty('model')
    expect(cassette.request).not.toHaveProperty('provider')
    expect(cassette.latencyMs).toBe(812)
    // A real recording without an origin carries neither field: old cassettes read the same.
    expect(cassette).not.toHaveProperty('synthetic')
    expect(cassette).not.toHaveProperty('recordedFrom')
  })

  it("marks an emulator's answer synthetic and keeps only the origin of the base URL", () => {
    const base = record('google/gemini-2.5-flash', 0)
    const cassette = createCassette({
      scenario: 'greet',
      step: 0,
      model: 'google/gemini-2.5-flash',
      request: buildStepRequest(request, 'google/gemini-2.5-flash'),
      response: base.response,
      latencyMs: 1,
      recordedAt: base.recordedAt,
      harnessVersion: '0.1.0',
      hash,
      synthetic: true,
      recordedFrom: 'http://user:secret@127.0.0.1:8787/plan/rate_limit@0/api/v1?key=sk-or-v1-x#frag',
    })
    expect(cassette).toMatchObject({ synthetic: true, recordedFrom: 'http://127.0.0.1:8787' })
    expect(JSON.stringify(cassette)).not.toMatch(/secret|key=|plan|frag/)
    expect(cassetteSchema.parse(cassette)).toEqual(cassette)
    // An old cassette (no field) is still valid, and real.
    const { synthetic: _synthetic, recordedFrom: _from, ...old } = cassette
    expect(cassetteSchema.parse(old)).not.toHaveProperty('synthetic')
    expect(cassetteSchema.safeParse({ ...old, synthetic: 'yes' }).success).toBe(false)
  })
})

describe('recordingOrigin', () => {
  it('is scheme, host and port, never credentials, a path or a query', () => {
    expect(recordingOrigin('https://openrouter.ai/api/v1')).toBe('https://openrouter.ai')
    expect(recordingOrigin('https://me:sk-or-v1-abc@proxy.example:8443/openrouter/api/v1?token=t')).toBe(
      'https://proxy.example:8443',
    )
    expect(recordingOrigin('not a url')).toBeUndefined()
    expect(recordingOrigin('file:///etc/passwd')).toBeUndefined()
  })
})

describe('createCassetteLookup', () => {
  const lookup = createCassetteLookup([record('google/gemini-2.5-flash', 0), record('openai/gpt-4.1-mini', 1)], hash)

  it('answers a step whose request has the recorded canonical form, whatever the routing fields', () => {
    const answer = lookup.find('openai/gpt-4.1-mini', { ...request, model: 'openai/gpt-4.1-mini', stream: true })
    expect(answer).toMatchObject({ status: 200, latencyMs: 812, body: { model: 'openai/gpt-4.1-mini' } })
  })

  it('does not answer for a model that was not recorded', () => {
    expect(lookup.find('anthropic/claude-sonnet-4.5', request)).toBeUndefined()
  })

  it('does not answer once the request changed', () => {
    expect(lookup.find('google/gemini-2.5-flash', { ...request, temperature: 0.3 })).toBeUndefined()
  })

  it("says synthetic on the answer of an emulator's recording, so the emulator replays it as synthesized", () => {
    const emulated = { ...record('google/gemini-2.5-flash', 0), synthetic: true }
    expect(createCassetteLookup([emulated], hash).find('google/gemini-2.5-flash', request)).toMatchObject({
      synthetic: true,
      status: 200,
    })
    expect(lookup.find('google/gemini-2.5-flash', request)).not.toHaveProperty('synthetic')
  })

  it('gives each caller its own copy of the body', () => {
    const first = lookup.find('google/gemini-2.5-flash', request)!
    ;(first.body as { model: string }).model = 'mutated'
    expect(lookup.find('google/gemini-2.5-flash', request)!.body).toMatchObject({ model: 'google/gemini-2.5-flash' })
  })
})

describe('cassetteStatus', () => {
  it('reports each step as fresh, stale or missing, with a sentence and what changed', () => {
    const old = { ...request, messages: [{ role: 'user' as const, content: 'Say hello' }] }
    const cassettes = [
      record('google/gemini-2.5-flash', 0),
      { ...record('openai/gpt-4.1-mini', 1, old), file: '/x/1-openai__gpt-4.1-mini.json' },
    ]
    const status = cassetteStatus(request, cassettes, hash)
    expect(status.map((s) => [s.step, s.model, s.state])).toEqual([
      [0, 'google/gemini-2.5-flash', 'fresh'],
      [1, 'openai/gpt-4.1-mini', 'stale'],
      [2, 'anthropic/claude-sonnet-4.5', 'missing'],
    ])
    expect(status[1]!.changed).toEqual(['messages[0].content'])
    expect(status[1]!.file).toBe('/x/1-openai__gpt-4.1-mini.json')
    expect(status[1]!.message).toMatchInlineSnapshot(
      `"step 2 (openai/gpt-4.1-mini) has a stale cassette: messages[0].content changed since it was recorded on 2026-11-01T10:00:00.000Z. Fix: run \`cascade-harness record\` again and commit the new cassette."`,
    )
    expect(status[2]!.message).toMatchInlineSnapshot(
      `"step 3 (anthropic/claude-sonnet-4.5) has no cassette. Fix: run \`cascade-harness record\` to record it."`,
    )
  })

  it('keeps a cassette fresh when the cascade is reordered, since cassettes are keyed by model and request', () => {
    const cassettes = [record('google/gemini-2.5-flash', 0), record('openai/gpt-4.1-mini', 1)]
    const reordered = { ...request, models: ['openai/gpt-4.1-mini', 'google/gemini-2.5-flash'] }
    expect(cassetteStatus(reordered, cassettes, hash).map((s) => s.state)).toEqual(['fresh', 'fresh'])
  })
})

describe('buildStepRequest', () => {
  it('pins the model, drops the fallback list and streaming, and requires parameters while keeping other provider fields', () => {
    expect(
      buildStepRequest({ ...request, stream: true, stream_options: { include_usage: true } }, 'openai/gpt-4.1-mini'),
    ).toEqual({
      model: 'openai/gpt-4.1-mini',
      messages: request.messages,
      response_format: request.response_format,
      provider: { order: ['Google AI Studio'], require_parameters: true },
    })
  })
})

describe('cassetteFileName', () => {
  it('makes model ids safe as file names', () => {
    expect(cassetteFileName(2, 'meta-llama/llama-3.3-70b-instruct:free')).toBe(
      '2-meta-llama__llama-3.3-70b-instruct_free.json',
    )
    expect(safeSegment('../etc passwd')).toBe('____etc-passwd')
  })
})
