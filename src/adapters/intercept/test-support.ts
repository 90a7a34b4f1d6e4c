import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll } from 'vitest'
import { startInterception, type Interception } from './index.js'
import type { Emulator } from '../../core/emulator/types.js'

/** An OpenAI-shaped chat completion whose content names who answered. */
export function completion(content: string): Record<string, unknown> {
  return {
    id: 'gen-test',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'google/gemini-2.5-flash',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  }
}

export interface SeenRequest {
  method: string
  url: string
  body: unknown
}

/** A hand-written emulator that answers every request with a completion naming `name`. */
export function namedEmulator(
  name: string,
  options: { before?: () => Promise<void> } = {},
): Emulator & { seen: SeenRequest[] } {
  const seen: SeenRequest[] = []
  return {
    traces: [],
    seen,
    async handle(request) {
      const text = await request.text()
      seen.push({ method: request.method, url: request.url, body: text === '' ? null : JSON.parse(text) })
      await options.before?.()
      return Response.json(completion(`hi from ${name}`))
    },
  }
}

/** A promise that resolves once `count` parties have arrived: holds concurrent requests in flight together. */
export function barrier(count: number): () => Promise<void> {
  let arrived = 0
  let release: () => void = () => {}
  const all = new Promise<void>((resolve) => {
    release = resolve
  })
  return () => {
    arrived++
    if (arrived === count) release()
    return all
  }
}

export interface NodeResponse {
  status: number
  body: string
}

/** A POST through node:http or node:https, the way a hand-written or axios-style client sends it. */
export function nodeRequest(url: string, body: string, agent?: http.Agent): Promise<NodeResponse> {
  const mod = url.startsWith('https:') ? https : http
  return new Promise((resolve, reject) => {
    const req = mod.request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json' }, ...(agent ? { agent } : {}) },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

/**
 * A real server on the loopback address that counts the connections it gets: a request that escaped
 * interception would reach it. Started before interception (listening opens no client socket).
 */
export async function escapeDetector(): Promise<{
  url: string
  connections: () => number
  close: () => Promise<void>
}> {
  let connections = 0
  const server = http.createServer((_req, res) => res.end('escaped'))
  server.on('connection', () => connections++)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

export const CHAT_BODY = JSON.stringify({
  model: 'google/gemini-2.5-flash',
  messages: [{ role: 'user', content: 'hi' }],
})

export const BASE_URL = 'https://openrouter.ai/api/v1'

/** For cases that must make no request the harness does not emulate. */
export function noUnhandled(url: string): never {
  throw new Error(`unexpected unhandled request to ${url}`)
}

/** Starts the interception for a test file and stops it after; the getter reads it inside tests. */
export function useInterception(): () => Interception {
  let interception: Interception | undefined
  beforeAll(() => {
    interception = startInterception()
  })
  afterAll(() => interception?.stop())
  return () => {
    if (!interception) throw new Error('useInterception(): the interception starts in beforeAll; read it inside a test')
    return interception
  }
}
