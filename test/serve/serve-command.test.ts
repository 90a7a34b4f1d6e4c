import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServe } from '../../src/runner/start-serve.js'
import type { EmulatorServer } from '../../src/adapters/http-server/index.js'
import { BIN, runMain } from '../helpers/run-cli.js'

const CASCADE = ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini']

let dir: string
let server: EmulatorServer & { baseUrl: string }
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'serve-'))
  server = await startServe({ cwd: dir, port: 0, seed: 7 })
})
afterAll(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

function chat(baseUrl: string, headers: Record<string, string> = {}, body: Record<string, unknown> = {}) {
  return fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { authorization: 'Bearer test', 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ models: CASCADE, messages: [{ role: 'user', content: 'Say hi' }], ...body }),
  })
}

async function servedBy(response: Response): Promise<string> {
  expect(response.status).toBe(200)
  return ((await response.json()) as { model: string }).model
}

describe('serve', () => {
  it('serves the catalog at GET /api/v1/models in the router shape', async () => {
    const response = await fetch(`${server.baseUrl}/models`)
    const body = (await response.json()) as { data: Array<Record<string, unknown>> }
    expect(body.data.map((m) => m.id)).toContain('google/gemini-2.5-flash')
    expect(body.data[0]).not.toHaveProperty('providers')
  })

  it('serves the catalog under a /plan/<plan>/api/v1 base URL too, whatever the plan', async () => {
    const response = await fetch(`${server.url}/plan/every_step_fails/api/v1/models`)
    expect(response.status).toBe(200)
    expect(((await response.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0)
  })

  it('answers from the first step when the request selects no plan', async () => {
    expect(await servedBy(await chat(server.baseUrl))).toBe('google/gemini-2.5-flash')
  })

  it('applies the plan of the x-cascade-plan header', async () => {
    expect(await servedBy(await chat(server.baseUrl, { 'x-cascade-plan': 'rate_limit@0' }))).toBe('openai/gpt-4.1-mini')
  })

  it('applies a plan given as JSON in a /plan/<plan>/api/v1 base URL', async () => {
    const baseUrl = `${server.url}/plan/${encodeURIComponent('{"google/gemini-2.5-flash":"downtime"}')}/api/v1`
    expect(await servedBy(await chat(baseUrl))).toBe('openai/gpt-4.1-mini')
  })

  it('gives each request a generation id of its own', async () => {
    const first = await chat(server.baseUrl)
    const second = await chat(server.baseUrl)
    const ids = [first.headers.get('x-generation-id'), second.headers.get('x-generation-id')]
    expect(ids[0]).toMatch(/^gen-\d+-[A-Za-z0-9]{20}$/)
    expect(ids[1]).not.toBe(ids[0])
    expect(((await first.json()) as { id: string }).id).toBe(ids[0])
  })

  it('repeats the same sequence of answers after a restart with the same seed, and another with another seed', async () => {
    const sequence = async (seed: number) => {
      const fresh = await startServe({ cwd: dir, port: 0, seed })
      try {
        return [
          await (await chat(fresh.baseUrl)).text(),
          await (await chat(fresh.baseUrl, { 'x-cascade-plan': 'rate_limit@0' })).text(),
        ]
      } finally {
        await fresh.close()
      }
    }
    const first = await sequence(11)
    expect(await sequence(11)).toEqual(first)
    const other = await sequence(12)
    expect(JSON.parse(other[0]!).id).not.toBe(JSON.parse(first[0]!).id)
  })

  it('takes a case id of run from the /plan/<id>/api/v1 base URL: every_step_fails is the last step’s error', async () => {
    const response = await chat(`${server.url}/plan/every_step_fails/api/v1`)
    expect(response.status).toBe(429)
    expect(((await response.json()) as { error: { metadata: { raw: string } } }).error.metadata.raw).toMatch(
      /^openai\/gpt-4\.1-mini /,
    )
  })

  it('takes a case id of run from the header: rate_limit@0-1 on three steps is served by the third', async () => {
    const models = [...CASCADE, 'anthropic/claude-haiku-4.5']
    expect(await servedBy(await chat(server.baseUrl, { 'x-cascade-plan': 'rate_limit@0-1' }, { models }))).toBe(
      'anthropic/claude-haiku-4.5',
    )
    expect(await servedBy(await chat(server.baseUrl, { 'x-cascade-plan': 'rate_limit@0' }, { models }))).toBe(
      'openai/gpt-4.1-mini',
    )
  })

  it("meets the account's fault before any model, wherever the plan puts it: no_credits@0 and a 402 planned at step 1", async () => {
    expect((await chat(server.baseUrl, { 'x-cascade-plan': 'no_credits@0' })).status).toBe(402)
    const planned = await chat(server.baseUrl, { 'x-cascade-plan': '{"1":"no_credits"}' })
    expect(planned.status).toBe(402)
    expect((await chat(server.baseUrl, { 'x-cascade-plan': '{"1":"bad_key"}' })).status).toBe(401)
  })

  it('spans consecutive-attempt faults across the requests of one x-cascade-session', async () => {
    const plan = { 'x-cascade-plan': 'rate_limit@0,rate_limit@0' }
    const session = { ...plan, 'x-cascade-session': `case-${Date.now()}` }
    const grouped = [
      await servedBy(await chat(server.baseUrl, session)),
      await servedBy(await chat(server.baseUrl, session)),
      await servedBy(await chat(server.baseUrl, session)),
    ]
    expect(grouped).toEqual(['openai/gpt-4.1-mini', 'openai/gpt-4.1-mini', 'google/gemini-2.5-flash'])
    const separate = [
      await servedBy(await chat(server.baseUrl, plan)),
      await servedBy(await chat(server.baseUrl, plan)),
      await servedBy(await chat(server.baseUrl, plan)),
    ]
    expect(separate).toEqual(['openai/gpt-4.1-mini', 'openai/gpt-4.1-mini', 'openai/gpt-4.1-mini'])
  })

  it('resets the connection for connection_reset, as fetch sees a dropped router', async () => {
    const error = await chat(server.baseUrl, { 'x-cascade-plan': 'connection_reset@0' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TypeError)
  })

  it('streams an error chunk inside a 200 for stream_error', async () => {
    const response = await chat(server.baseUrl, { 'x-cascade-plan': 'stream_error@0' }, { stream: true })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/)
    expect(await response.text()).toMatch(/"error"/)
  })

  it('answers 400 with a did-you-mean over the case ids of the request for an unknown id', async () => {
    const response = await chat(server.baseUrl, { 'x-cascade-plan': 'rate_limt@0' })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      '"rate_limt@0" is not a case id of this request. Did you mean "rate_limit@0"?',
    )
  })

  it('answers 400 with a did-you-mean over fault names for an unknown fault in a list', async () => {
    const response = await chat(server.baseUrl, { 'x-cascade-plan': 'rate_limt@0,downtime@1' })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      '"rate_limt" is not a fault name. Did you mean "rate_limit"?',
    )
  })

  it('answers 400 naming the steps for a plan whose step the cascade does not have, as run does for a scenario', async () => {
    const models = [...CASCADE, 'anthropic/claude-haiku-4.5']
    const response = await chat(server.baseUrl, { 'x-cascade-plan': 'rate_limit@7' }, { models })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      error: {
        code: 400,
        message:
          'cascade-harness serve: "7" in the plan names no step of the cascade (0: google/gemini-2.5-flash, 1: openai/gpt-4.1-mini, 2: anthropic/claude-haiku-4.5). Fix: name a step by its index, 0 to 2, or by a model id of the cascade. See docs/serve.md.',
      },
    })
    // In a list, as JSON and through the path too: every key is checked.
    for (const plan of ['rate_limit@0,downtime@3', '{"3":"downtime"}', 'timeout@1-3']) {
      const refused = await chat(server.baseUrl, { 'x-cascade-plan': plan }, { models })
      expect(refused.status, plan).toBe(400)
      expect(((await refused.json()) as { error: { message: string } }).error.message, plan).toContain(
        '"3" in the plan names no step of the cascade',
      )
    }
    expect((await chat(`${server.url}/plan/rate_limit@2/api/v1`)).status).toBe(400)
  })

  it('answers 400 with a did-you-mean for a misspelt model id in a plan', async () => {
    const response = await chat(server.baseUrl, { 'x-cascade-plan': 'rate_limit@openai/gpt-4.1-mni' })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      'cascade-harness serve: "openai/gpt-4.1-mni" in the plan names no step of the cascade (0: google/gemini-2.5-flash, 1: openai/gpt-4.1-mini). Did you mean "openai/gpt-4.1-mini"? Fix: write "openai/gpt-4.1-mini". See docs/serve.md.',
    )
  })
})

describe('cascade-harness serve (the CLI)', () => {
  it('prints the base URL, answers, and exits 0 on SIGTERM', async () => {
    // Spawned: a real process, its signal and its exit code. The built bin (npm test builds it first).
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
      cwd: dir,
      env: { ...process.env, CI: undefined, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
    const baseUrl = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString()
        const match = /^cascade-harness emulator listening on (http:\/\/127\.0\.0\.1:\d+\/api\/v1)$/m.exec(stdout)
        if (match) resolve(match[1]!)
      })
      child.on('close', () => reject(new Error(`serve exited early: ${stderr}`)))
    })
    expect(await servedBy(await chat(baseUrl, { 'x-cascade-plan': 'rate_limit@0' }))).toBe('openai/gpt-4.1-mini')
    expect(stderr).toContain('serving the built-in catalog')
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(stderr).toContain('cascade-harness emulator stopped (SIGTERM).')
  })

  it('refuses an unknown flag with exit 2 and a did-you-mean', async () => {
    const result = await runMain(['serve', '--prot', '0'], { cwd: dir })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/"--prot" is not an option of `serve`.*Fix: use --port/)
  })
})
