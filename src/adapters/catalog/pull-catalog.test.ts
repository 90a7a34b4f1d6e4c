import { readFile } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { pullCatalog } from './index.js'
import { InputError } from '../../errors.js'
import { json, startLocalRouter, type LocalRouter } from './__fixtures__/local-router.js'

const MODELS = new URL('./__fixtures__/data/models.json', import.meta.url)
const NOW = () => new Date('2026-11-25T10:00:00.000Z')

let router: LocalRouter | undefined
afterEach(async () => {
  await router?.close()
  router = undefined
})

async function pullError(baseUrl: string): Promise<string> {
  const error = await pullCatalog({ baseUrl, now: NOW }).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(InputError)
  return (error as InputError).message.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
}

describe('pullCatalog', () => {
  it('GETs <base>/models without a key and dates the snapshot', async () => {
    const body = await readFile(MODELS, 'utf8')
    router = await startLocalRouter((_req, res) => json(res, 200, body))
    const catalog = await pullCatalog({ baseUrl: `${router.baseUrl}/`, now: NOW })
    expect(router.requests).toEqual([{ path: '/api/v1/models', authorization: undefined }])
    expect(catalog.source).toBe(`${router.baseUrl}/models`)
    expect(catalog.pulledAt).toBe('2026-11-25T10:00:00.000Z')
    expect(catalog.models.map((m) => m.id)).toEqual([
      'openai/gpt-4.1-mini',
      'gryphe/mythomax-l2-13b:free',
      'anthropic/claude-sonnet-4.5',
    ])
  })

  it("says what the router answered when it fails, with the router's own message", async () => {
    router = await startLocalRouter((_req, res) =>
      json(res, 503, { error: { message: 'Service temporarily unavailable', code: 503 } }),
    )
    expect(await pullError(router.baseUrl)).toMatchInlineSnapshot(
      `"http://127.0.0.1:PORT/api/v1/models: the router answered HTTP 503 Service Unavailable: Service temporarily unavailable. Fix: check --base-url (it should end in /api/v1) and the network, then run \`cascade-harness catalog pull\` again."`,
    )
  })

  it('says when the answer is not JSON (a wrong base URL serving a page)', async () => {
    router = await startLocalRouter((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end('<html>hello</html>')
    })
    expect(await pullError(router.baseUrl)).toMatchInlineSnapshot(
      `"http://127.0.0.1:PORT/api/v1/models: the answer is not JSON (content-type text/html). Fix: check --base-url (it should end in /api/v1) and the network, then run \`cascade-harness catalog pull\` again."`,
    )
  })

  it('says when the answer is not a model list', async () => {
    router = await startLocalRouter((_req, res) => json(res, 200, { models: [] }))
    expect(await pullError(router.baseUrl)).toMatchInlineSnapshot(
      `"http://127.0.0.1:PORT/api/v1/models: \`data\` is missing. Fix: add \`data\` (a list), or check that --base-url points at an OpenRouter-compatible API."`,
    )
  })

  it('says when nothing answers', async () => {
    router = await startLocalRouter((_req, res) => json(res, 200, {}))
    const baseUrl = router.baseUrl
    await router.close()
    router = undefined
    expect(await pullError(baseUrl)).toMatchInlineSnapshot(
      `"http://127.0.0.1:PORT/api/v1/models: the model list could not be fetched (ECONNREFUSED). Fix: check --base-url (it should end in /api/v1) and the network, then run \`cascade-harness catalog pull\` again."`,
    )
  })
})
