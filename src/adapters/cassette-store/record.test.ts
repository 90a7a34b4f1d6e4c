import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { serveEmulator, type EmulatorServer, type ServeHandler } from '../http-server/index.js'
import { planRecording, recordSteps, readCassettes, scenarioCassetteDir } from './index.js'
import type { ChatRequest } from '../../core/types.js'

const KEY = 'sk-or-v1-FAKE00000000000000000000000000000000000000000000000000000000'

const request: ChatRequest = {
  models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini'],
  messages: [{ role: 'user', content: 'Say hi' }],
  provider: { order: ['Google AI Studio'] },
  stream: true,
}

const completion = (model: string) => ({
  id: 'gen-1',
  object: 'chat.completion',
  model,
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'hi' } }],
})

let dir: string
let server: EmulatorServer | undefined
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'record-'))
})
afterEach(async () => {
  await server?.close()
  server = undefined
  await rm(dir, { recursive: true, force: true })
})

async function start(handle: ServeHandler): Promise<string> {
  server = await serveEmulator({ port: 0, handle })
  return `${server.url}/api/v1`
}

const steps = () =>
  planRecording(
    [{ file: path.join(dir, 'scenarios', 'greet.scenario.json'), scenario: { name: 'greet', request } }],
    '__cassettes__',
  )

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name))
}

describe('recordSteps', () => {
  it('sends each step its exact request: model pinned, no fallback list, require_parameters on, other provider fields kept, the key as a bearer token', async () => {
    const seen: Array<{ auth: string | null; body: Record<string, unknown> }> = []
    const baseUrl = await start(async (req) => {
      const body = (await req.json()) as Record<string, unknown>
      seen.push({ auth: req.headers.get('authorization'), body })
      return Response.json(completion(body.model as string))
    })
    const results = await recordSteps({ steps: steps(), baseUrl, apiKey: KEY, concurrency: 1 })
    expect(results.map((r) => [r.step.model, r.status, r.finishReason])).toEqual([
      ['google/gemini-2.5-flash', 200, 'stop'],
      ['openai/gpt-4.1-mini', 200, 'stop'],
    ])
    expect(seen[0]).toEqual({
      auth: `Bearer ${KEY}`,
      body: {
        model: 'google/gemini-2.5-flash',
        messages: request.messages,
        provider: { order: ['Google AI Studio'], require_parameters: true },
      },
    })
    const cassettes = await readCassettes(
      scenarioCassetteDir(path.join(dir, 'scenarios', 'greet.scenario.json'), 'greet', '__cassettes__'),
    )
    expect(cassettes.map((c) => [path.basename(c.file!), c.step, c.model, c.response.status])).toEqual([
      ['0-google__gemini-2.5-flash.json', 0, 'google/gemini-2.5-flash', 200],
      ['1-openai__gpt-4.1-mini.json', 1, 'openai/gpt-4.1-mini', 200],
    ])
  })

  it('honours Retry-After on a 429, then records the answer that follows', async () => {
    let calls = 0
    const baseUrl = await start(async () => {
      calls++
      if (calls === 1)
        return Response.json(
          { error: { code: 429, message: 'Provider returned error' } },
          { status: 429, headers: { 'Retry-After': '1' } },
        )
      return Response.json(completion('google/gemini-2.5-flash'))
    })
    const slept: number[] = []
    const [result] = await recordSteps({
      steps: steps().slice(0, 1),
      baseUrl,
      apiKey: KEY,
      sleep: async (ms) => void slept.push(ms),
    })
    expect(slept).toEqual([1000])
    expect(calls).toBe(2)
    expect(result).toMatchObject({ status: 200, waits: [1000] })
  })

  it('reads a Retry-After HTTP date against the clock and caps a long wait', async () => {
    const now = new Date('2026-11-01T10:00:00.000Z')
    let calls = 0
    const baseUrl = await start(async () => {
      calls++
      const retryAfter = calls === 1 ? 'Sun, 01 Nov 2026 10:00:02 GMT' : calls === 2 ? '3600' : null
      return retryAfter
        ? new Response('{}', { status: 429, headers: { 'Retry-After': retryAfter } })
        : Response.json(completion('x'))
    })
    const slept: number[] = []
    await recordSteps({
      steps: steps().slice(0, 1),
      baseUrl,
      apiKey: KEY,
      date: () => now,
      sleep: async (ms) => void slept.push(ms),
    })
    expect(slept).toEqual([2000, 60_000])
  })

  it('records the 429 itself once the retries are spent, as the error the step answered', async () => {
    const baseUrl = await start(async () =>
      Response.json({ error: { code: 429, message: 'Provider returned error' } }, { status: 429 }),
    )
    const slept: number[] = []
    const [result] = await recordSteps({
      steps: steps().slice(0, 1),
      baseUrl,
      apiKey: KEY,
      maxRetries: 2,
      sleep: async (ms) => void slept.push(ms),
    })
    expect(slept).toEqual([1000, 2000])
    expect(result).toMatchObject({ status: 429, finishReason: null, contract: null })
    const saved = JSON.parse(await readFile(result!.written!, 'utf8')) as { response: unknown }
    expect(saved.response).toEqual({ status: 429, body: { error: { code: 429, message: 'Provider returned error' } } })
  })

  it('records a body that is not JSON as text with its content type', async () => {
    const baseUrl = await start(
      async () =>
        new Response('<html><body>502 Bad Gateway</body></html>', {
          status: 502,
          headers: { 'content-type': 'text/html' },
        }),
    )
    const [result] = await recordSteps({ steps: steps().slice(0, 1), baseUrl, apiKey: KEY, maxRetries: 0 })
    const saved = JSON.parse(await readFile(result!.written!, 'utf8')) as { response: unknown }
    expect(saved.response).toEqual({
      status: 502,
      body: '<html><body>502 Bad Gateway</body></html>',
      contentType: 'text/html',
    })
  })

  it('refuses a 200,000-deep answer with a sentence instead of overflowing the stack (it crashed record with exit 3)', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`
    const baseUrl = await start(
      async () => new Response(deep, { status: 200, headers: { 'content-type': 'application/json' } }),
    )
    const [result] = await recordSteps({ steps: steps().slice(0, 1), baseUrl, apiKey: KEY, maxRetries: 0 })
    expect(result).toMatchObject({
      written: null,
      error: 'the answer nests deeper than 512 levels, which no chat completion does; nothing was saved',
    })
    expect(await filesUnder(dir)).not.toContainEqual(expect.stringContaining('__cassettes__'))
  })

  it('stops reading an answer past the size cap, streamed without a length, and saves nothing', async () => {
    let sent = 0
    const chunk = new Uint8Array(64 * 1024).fill(32)
    const baseUrl = await start(async () => {
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          sent += chunk.byteLength
          // Endless unless the reader stops: the cap is what ends it.
          controller.enqueue(chunk)
        },
      })
      return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } })
    })
    const [result] = await recordSteps({
      steps: steps().slice(0, 1),
      baseUrl,
      apiKey: KEY,
      maxRetries: 0,
      maxBodyBytes: 1024 * 1024,
    })
    expect(result).toMatchObject({
      written: null,
      error: 'the answer is larger than 1 MB, the most record reads; nothing was saved',
    })
    expect(sent).toBeLessThan(64 * 1024 * 1024)
  })

  it('never writes the key, even when the router echoes the request headers back', async () => {
    const baseUrl = await start(async (req) => {
      const headers = Object.fromEntries(req.headers)
      return Response.json(
        {
          error: {
            code: 401,
            message: `No auth credentials found for ${req.headers.get('authorization')}`,
            metadata: { headers },
          },
        },
        { status: 401 },
      )
    })
    await recordSteps({ steps: steps(), baseUrl, apiKey: KEY })
    const files = await filesUnder(dir)
    expect(files).toHaveLength(2)
    for (const file of files) expect(await readFile(file, 'utf8')).not.toContain(KEY)
    expect(await readFile(files[0]!, 'utf8')).not.toContain('FAKE0000')
  })

  it('records nothing for a step whose request never reached the router, and says why without the key', async () => {
    const baseUrl = await start(async () => new Response('{}'))
    await server!.close()
    server = undefined
    const [result] = await recordSteps({ steps: steps().slice(0, 1), baseUrl, apiKey: KEY })
    expect(result).toMatchObject({ status: null, written: null })
    expect(result!.error).toMatch(
      /^could not reach http:\/\/127\.0\.0\.1:\d+\/api\/v1\/chat\/completions: ECONNREFUSED$/,
    )
    expect(await filesUnder(dir)).toEqual([])
  })

  it('marks the cassette synthetic when x-cascade-answer-source says an emulator answered, and keeps the origin it was recorded from', async () => {
    const sources = ['synthesized', 'none']
    const baseUrl = await start(async (req) => {
      const source = sources.shift()!
      const body = (await req.json()) as { model: string }
      return source === 'none'
        ? Response.json(
            { error: { code: 429, message: 'Rate limit exceeded' } },
            { status: 429, headers: { 'x-cascade-answer-source': source } },
          )
        : Response.json(completion(body.model), { headers: { 'x-cascade-answer-source': source } })
    })
    // A base URL with a path (serve's /plan/<plan>/api/v1): only the origin is kept.
    const planned = baseUrl.replace(/\/api\/v1$/, '/plan/clean/api/v1')
    const results = await recordSteps({ steps: steps(), baseUrl: planned, apiKey: KEY, concurrency: 1, maxRetries: 0 })
    expect(results.map((r) => [r.status, r.synthetic])).toEqual([
      [200, true],
      // An error the emulator raised is no more the router's than its answers are.
      [429, true],
    ])
    const cassettes = await readCassettes(
      scenarioCassetteDir(path.join(dir, 'scenarios', 'greet.scenario.json'), 'greet', '__cassettes__'),
    )
    const origin = new URL(baseUrl).origin
    expect(cassettes.map((c) => [c.synthetic, c.recordedFrom])).toEqual([
      [true, origin],
      [true, origin],
    ])
    expect(await readFile(results[0]!.written!, 'utf8')).toContain(`"recordedFrom": "${origin}"`)
  })

  it('leaves a real answer (no x-cascade-answer-source, or a replayed cassette) without synthetic, with its origin', async () => {
    const sources: Array<string | null> = [null, 'cassette']
    const baseUrl = await start(async (req) => {
      const source = sources.shift()!
      const body = (await req.json()) as { model: string }
      return Response.json(
        completion(body.model),
        source === null ? {} : { headers: { 'x-cascade-answer-source': source } },
      )
    })
    const results = await recordSteps({ steps: steps(), baseUrl, apiKey: KEY, concurrency: 1 })
    expect(results.map((r) => r.synthetic)).toEqual([false, false])
    for (const result of results) {
      const saved = JSON.parse(await readFile(result.written!, 'utf8')) as Record<string, unknown>
      expect(saved).not.toHaveProperty('synthetic')
      expect(saved.recordedFrom).toBe(new URL(baseUrl).origin)
    }
  })

  it('passes each 200 answer to the contract check with the scenario request', async () => {
    const baseUrl = await start(async () => Response.json(completion('google/gemini-2.5-flash')))
    const checked: Array<{ models: unknown; allowRefusal: boolean }> = []
    const [result] = await recordSteps({
      steps: steps().slice(0, 1),
      baseUrl,
      apiKey: KEY,
      check: (scenarioRequest, _completion, options) => {
        checked.push({ models: scenarioRequest.models, allowRefusal: options.allowRefusal })
        return [{ check: 'json-parse', path: 'choices[0].message.content', message: 'the content is not JSON' }]
      },
    })
    expect(checked).toEqual([{ models: request.models, allowRefusal: false }])
    expect(result!.contract).toEqual([
      { check: 'json-parse', path: 'choices[0].message.content', message: 'the content is not JSON' },
    ])
  })
})
