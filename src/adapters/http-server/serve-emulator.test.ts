import { request as httpRequest } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { serveEmulator, type EmulatorServer, type ServeHandler } from './index.js'

let server: EmulatorServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function start(handle: ServeHandler, onError?: (error: unknown) => void): Promise<EmulatorServer> {
  server = await serveEmulator({ port: 0, handle, ...(onError ? { onError } : {}) })
  return server
}

describe('serveEmulator', () => {
  it('listens on 127.0.0.1 on a free port when asked for port 0', async () => {
    const s = await start(async () => new Response('ok'))
    expect(s.url).toBe(`http://127.0.0.1:${s.port}`)
    expect(s.port).toBeGreaterThan(0)
  })

  it('hands the handler a Fetch Request with the method, path, query, headers and body the client sent', async () => {
    let seen: { method: string; url: string; contentType: string | null; body: unknown } | undefined
    const s = await start(async (request) => {
      seen = {
        method: request.method,
        url: request.url,
        contentType: request.headers.get('content-type'),
        body: await request.json(),
      }
      return Response.json({ ok: true }, { status: 201, headers: { 'x-generation-id': 'gen-1' } })
    })
    const response = await fetch(`${s.url}/api/v1/chat/completions?debug=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'a/b' }),
    })
    expect(response.status).toBe(201)
    expect(response.headers.get('x-generation-id')).toBe('gen-1')
    expect(await response.json()).toEqual({ ok: true })
    expect(seen).toEqual({
      method: 'POST',
      url: `${s.url}/api/v1/chat/completions?debug=1`,
      contentType: 'application/json',
      body: { model: 'a/b' },
    })
  })

  it('passes the selected plan text and strips a /plan/<plan> prefix from the path', async () => {
    const seen: Array<{ path: string; plan: string | null; session: string | null }> = []
    const s = await start(async (request, selection) => {
      seen.push({ path: new URL(request.url).pathname, plan: selection.text, session: selection.session })
      return new Response(null, { status: 204 })
    })
    await fetch(`${s.url}/plan/rate_limit@0-1/api/v1/chat/completions`, { method: 'POST', body: '{}' })
    await fetch(`${s.url}/api/v1/chat/completions`, {
      method: 'POST',
      body: '{}',
      headers: { 'x-cascade-plan': 'downtime@1', 'x-cascade-session': 's1' },
    })
    await fetch(`${s.url}/api/v1/chat/completions`, { method: 'POST', body: '{}' })
    expect(seen).toEqual([
      { path: '/api/v1/chat/completions', plan: 'rate_limit@0-1', session: null },
      { path: '/api/v1/chat/completions', plan: 'downtime@1', session: 's1' },
      { path: '/api/v1/chat/completions', plan: null, session: null },
    ])
  })

  it('answers 400 in the router error envelope when the request gives two different plans, without calling the handler', async () => {
    let called = false
    const s = await start(async () => {
      called = true
      return new Response('')
    })
    const response = await fetch(`${s.url}/plan/rate_limit@0/api/v1/chat/completions`, {
      method: 'POST',
      body: '{}',
      headers: { 'x-cascade-plan': 'downtime@0' },
    })
    expect(response.status).toBe(400)
    const body = (await response.json()) as { error: { code: number; message: string } }
    expect(body.error.code).toBe(400)
    expect(body.error.message).toMatch(
      /^cascade-harness serve: the plan is given twice, in the path \("rate_limit@0"\) and in x-cascade-plan \("downtime@0"\)\./,
    )
    expect(called).toBe(false)
  })

  it('streams the body: the client reads the first chunk before the handler has produced the second', async () => {
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    const s = await start(async () => {
      const encoder = new TextEncoder()
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(encoder.encode(': OPENROUTER PROCESSING\n\n'))
          await released
          controller.enqueue(encoder.encode('data: [DONE]\n\n'))
          controller.close()
        },
      })
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } })
    })
    const response = await fetch(`${s.url}/api/v1/chat/completions`, { method: 'POST', body: '{}' })
    expect(response.headers.get('content-type')).toBe('text/event-stream')
    const reader = response.body!.getReader()
    const decoder = new TextDecoder()
    expect(decoder.decode((await reader.read()).value)).toBe(': OPENROUTER PROCESSING\n\n')
    release()
    let rest = ''
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += decoder.decode(chunk.value)
    expect(rest).toBe('data: [DONE]\n\n')
  })

  it('resets the connection when the handler rejects with a connection reset, as fetch would see from the router', async () => {
    const s = await start(async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      })
    })
    const error = await new Promise<NodeJS.ErrnoException>((resolve, reject) => {
      const req = httpRequest(`${s.url}/api/v1/chat/completions`, { method: 'POST' }, () =>
        reject(new Error('got a response')),
      )
      req.on('error', resolve)
      req.end('{}')
    })
    expect(error.code).toBe('ECONNRESET')
  })

  it('answers 500 and reports the error when the handler fails for another reason', async () => {
    const errors: unknown[] = []
    const s = await start(
      async () => {
        throw new RangeError('boom')
      },
      (error) => errors.push(error),
    )
    const response = await fetch(`${s.url}/api/v1/chat/completions`, { method: 'POST', body: '{}' })
    expect(response.status).toBe(500)
    expect(errors).toHaveLength(1)
  })

  it('closes even while a client holds a keep-alive connection or a stream open', async () => {
    const s = await start(
      async () =>
        new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode(': keep-alive\n\n')) })),
    )
    const response = await fetch(`${s.url}/api/v1/chat/completions`, { method: 'POST', body: '{}' })
    const reader = response.body!.getReader()
    await reader.read()
    await s.close()
    await expect(reader.read()).rejects.toThrow()
    server = undefined
  })
})
