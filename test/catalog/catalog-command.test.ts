import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/io.js'
import { json, startLocalRouter, type LocalRouter } from '../../src/adapters/catalog/__fixtures__/local-router.js'

const MODELS = new URL('../../src/adapters/catalog/__fixtures__/data/models.json', import.meta.url)

let dir: string
let router: LocalRouter
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cascade-catalog-cli-'))
  const body = await readFile(MODELS, 'utf8')
  router = await startLocalRouter((_req, res) => json(res, 200, body))
})
afterEach(async () => {
  await router.close()
  await rm(dir, { recursive: true, force: true })
})

/** Runs `cascade-harness <args>` in-process in the temporary folder, as main would for a user. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const io: CliIO = {
    cwd: dir,
    env: {},
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  }
  const code = await main(args, io)
  const port = /127\.0\.0\.1:\d+/g
  return {
    code,
    stdout: stdout.replace(port, '127.0.0.1:PORT').replace(/\(\d{4}-\d\d-\d\d\)/, '(DATE)'),
    stderr: stderr.replace(port, '127.0.0.1:PORT'),
  }
}

describe('cascade-harness catalog pull', () => {
  it('never prints credentials given in the base URL (user:token@), on stdout or stderr', async () => {
    const token = 'tok3nS3cretValue0123456789'
    const withCredentials = router.baseUrl.replace('http://', `http://user:${token}@`)
    const result = await cli(['catalog', 'pull', '--base-url', withCredentials])
    expect(result.stdout + result.stderr).not.toContain(token)
    expect(result.stdout + result.stderr).toContain('127.0.0.1:PORT')
  })

  it('writes .cascade/catalog.json by default and says how many models it pulled, and where', async () => {
    const result = await cli(['catalog', 'pull', '--base-url', router.baseUrl])
    expect(result).toMatchInlineSnapshot(`
      {
        "code": 0,
        "stderr": "",
        "stdout": "Pulled 3 models from http://127.0.0.1:PORT/api/v1/models into .cascade/catalog.json (DATE).
      Commit it so lint and run use the same list everywhere; pull again to see what changed.
      ",
      }
    `)
    const written = JSON.parse(await readFile(path.join(dir, '.cascade', 'catalog.json'), 'utf8'))
    expect(written.data.map((m: { id: string }) => m.id)).toEqual([
      'anthropic/claude-sonnet-4.5',
      'gryphe/mythomax-l2-13b:free',
      'openai/gpt-4.1-mini',
    ])
    expect(written.source).toBe(`${router.baseUrl}/models`)
    expect(written.pulledAt).toMatch(/^\d{4}-\d\d-\d\dT/)
  })

  it('with --endpoints says which models got no endpoint facts when the router does not answer the endpoints API', async () => {
    // This stand-in answers the model list at every path: no endpoints list, no ZDR list.
    const result = await cli(['catalog', 'pull', '--base-url', router.baseUrl, '--endpoints'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(
      'Endpoint facts for 0 of 3 models; the ZDR list could not be fetched, so ZDR is unknown.\nNo endpoints could be fetched for anthropic/claude-sonnet-4.5, gryphe/mythomax-l2-13b:free, openai/gpt-4.1-mini: the provider filters cannot remove their endpoints.\n',
    )
    expect(router.requests.map((r) => r.path)).toContain('/api/v1/models/openai/gpt-4.1-mini/endpoints')
    const written = JSON.parse(await readFile(path.join(dir, '.cascade', 'catalog.json'), 'utf8'))
    expect(written.data.some((m: { endpoints?: unknown }) => m.endpoints !== undefined)).toBe(false)
  })

  it('writes where --out says', async () => {
    const result = await cli(['catalog', 'pull', '--base-url', router.baseUrl, '--out', 'snapshots/models.json'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(' into snapshots/models.json ')
    expect(JSON.parse(await readFile(path.join(dir, 'snapshots', 'models.json'), 'utf8')).data).toHaveLength(3)
  })

  it('rejects an unknown flag with exit 2 and a did-you-mean', async () => {
    expect(await cli(['catalog', 'pull', '--base_url', router.baseUrl])).toMatchInlineSnapshot(`
      {
        "code": 2,
        "stderr": "cascade-harness catalog pull: --base_url: "--base_url" is not an option of \`catalog pull\`. Fix: use --base-url.
      ",
        "stdout": "",
      }
    `)
  })

  it('rejects an unknown sub-command and a base URL that is not a URL', async () => {
    expect(await cli(['catalog', 'pul'])).toMatchInlineSnapshot(`
      {
        "code": 2,
        "stderr": "cascade-harness catalog: pul: "pul" is not a catalog command. Fix: run cascade-harness catalog pull.
      ",
        "stdout": "",
      }
    `)
    expect(await cli(['catalog', 'pull', '--base-url', 'openrouter.ai'])).toMatchInlineSnapshot(`
      {
        "code": 2,
        "stderr": "cascade-harness catalog pull: --base-url: "openrouter.ai" is not an http(s) URL. Fix: pass the API base, for example --base-url https://openrouter.ai/api/v1.
      ",
        "stdout": "",
      }
    `)
  })

  it('exits 2 with a sentence when the router cannot be reached', async () => {
    const gone = await startLocalRouter((_req, res) => json(res, 200, {}))
    await gone.close()
    const result = await cli(['catalog', 'pull', '--base-url', gone.baseUrl])
    expect(result).toMatchInlineSnapshot(`
      {
        "code": 2,
        "stderr": "http://127.0.0.1:PORT/api/v1/models: the model list could not be fetched (ECONNREFUSED). Fix: check --base-url (it should end in /api/v1) and the network, then run \`cascade-harness catalog pull\` again.
      ",
        "stdout": "",
      }
    `)
  })

  it('prints its options with --help', async () => {
    const result = await cli(['catalog', 'pull', '--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatchInlineSnapshot(`
      "Usage: cascade-harness catalog pull [--base-url <url>] [--endpoints] [--out <file>]

      Fetches the router's model list (supported parameters, context windows, prices) into a catalog snapshot that lint and run read. Commit the file: CI then lints against the same list, offline, and a pull shows what changed as a readable diff.

      Options:
        --base-url <url>  the router's API base URL (default: https://openrouter.ai/api/v1); the list is GET <url>/models, no API key needed
        --endpoints       also fetch each model's endpoints (GET <url>/models/<id>/endpoints, and GET <url>/endpoints/zdr): quantization, price and ZDR per provider, which the provider filters read; one request per model
        --out <file>      where to write the catalog (default: .cascade/catalog.json, relative to the current folder)
        -h, --help        show this help
      "
    `)
  })
})
