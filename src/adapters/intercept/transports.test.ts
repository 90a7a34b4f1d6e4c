import http from 'node:http'
import { describe, expect, it } from 'vitest'
import { CHAT_BODY, namedEmulator, noUnhandled, nodeRequest, useInterception } from './test-support.js'

const interception = useInterception()

describe('every transport reaches the case emulator', () => {
  it('answers the global fetch', async () => {
    const emulator = namedEmulator('fetch')
    const body = await interception().runInCase({ emulator, onUnhandled: noUnhandled }, async () => {
      const res = await fetch('https://openrouter.ai/api/v1/chat/completions', { method: 'POST', body: CHAT_BODY })
      expect(res.status).toBe(200)
      expect(res.url).toBe('https://openrouter.ai/api/v1/chat/completions')
      return res.json()
    })
    expect(body).toMatchObject({ choices: [{ message: { content: 'hi from fetch' } }] })
    expect(emulator.seen[0]?.body).toEqual(JSON.parse(CHAT_BODY))
  })

  it('answers node:https (https.request)', async () => {
    const emulator = namedEmulator('https')
    const res = await interception().runInCase({ emulator, onUnhandled: noUnhandled }, () =>
      nodeRequest('https://openrouter.ai/api/v1/chat/completions', CHAT_BODY),
    )
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body)).toMatchObject({ choices: [{ message: { content: 'hi from https' } }] })
    expect(emulator.seen).toEqual([
      { method: 'POST', url: 'https://openrouter.ai/api/v1/chat/completions', body: JSON.parse(CHAT_BODY) },
    ])
  })

  it('answers node:http (http.request) on a base URL the case lists, rewritten onto the router base', async () => {
    const emulator = namedEmulator('http')
    const route = { emulator, baseUrls: ['http://localhost:8080/openrouter/v1'], onUnhandled: noUnhandled }
    const res = await interception().runInCase(route, () =>
      nodeRequest('http://localhost:8080/openrouter/v1/chat/completions?x=1', CHAT_BODY),
    )
    expect(JSON.parse(res.body)).toMatchObject({ choices: [{ message: { content: 'hi from http' } }] })
    expect(emulator.seen.map((r) => r.url)).toEqual(['https://openrouter.ai/api/v1/chat/completions?x=1'])
  })

  it('answers http.get only on the base URLs the case lists (https://openrouter.ai/api/v1 by default)', async () => {
    const emulator = namedEmulator('get')
    const get = () =>
      new Promise<number>((resolve, reject) => {
        http
          .get('http://openrouter.ai/api/v1/models', (res) => {
            res.resume()
            res.on('end', () => resolve(res.statusCode ?? 0))
          })
          .on('error', reject)
      })
    const unhandled: string[] = []
    const refused = await interception()
      .runInCase({ emulator, onUnhandled: (url) => unhandled.push(url) }, get)
      .catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(Error)
    expect(unhandled).toEqual(['http://openrouter.ai/api/v1/models'])

    const status = await interception().runInCase(
      { emulator, baseUrls: ['http://openrouter.ai/api/v1'], onUnhandled: noUnhandled },
      get,
    )
    expect(status).toBe(200)
    expect(emulator.seen.map((r) => `${r.method} ${r.url}`)).toEqual(['GET https://openrouter.ai/api/v1/models'])
  })
})
