import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'
import { startServe } from '../../src/runner/start-serve.js'
import { serveEmulator, type EmulatorServer } from '../../src/adapters/http-server/index.js'
import { loadCassetteLookup } from '../../src/adapters/cassette-store/index.js'
import { planRecording } from '../../src/adapters/cassette-store/record.js'
import { estimateRecordingCost, formatUsd } from '../../src/core/cassette/cost.js'
import { BUILTIN_CATALOG } from '../../src/core/catalog/builtin.js'
import { createEmulator } from '../../src/core/emulator/index.js'
import type { ChatRequest } from '../../src/core/types.js'
import { memoryIO } from './io.js'

const KEY = 'sk-or-v1-FAKEc0ffee0123456789abcdef0123456789abcdef0123456789abcdef0123'

const request: ChatRequest = {
  models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini', 'anthropic/claude-sonnet-4.5'],
  messages: [
    { role: 'system', content: 'Extract the invoice as JSON.' },
    { role: 'user', content: 'Invoice 42 from ACME, total 118.00 EUR' },
  ],
  response_format: {
    type: 'json_schema',
    json_schema: {
      name: 'invoice',
      strict: true,
      schema: {
        type: 'object',
        properties: { number: { type: 'string' }, total: { type: 'number' } },
        required: ['number', 'total'],
        additionalProperties: false,
      },
    },
  },
  max_tokens: 300,
  provider: { require_parameters: true },
}

let dir: string
const servers: EmulatorServer[] = []
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'record-cli-'))
  await mkdir(path.join(dir, 'scenarios'))
  await writeFile(
    path.join(dir, 'scenarios', 'invoice.scenario.json'),
    JSON.stringify({ name: 'extract-invoice', request }, null, 2),
  )
})
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
  await rm(dir, { recursive: true, force: true })
})

/** A server that counts what reaches it and answers 500: the refusals must send nothing. */
async function tripwire(): Promise<{ baseUrl: string; hits: () => number }> {
  let hits = 0
  const server = await serveEmulator({
    port: 0,
    handle: async () => {
      hits++
      return new Response('{}', { status: 500 })
    },
  })
  servers.push(server)
  return { baseUrl: `${server.url}/api/v1`, hits: () => hits }
}

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name))
}

describe('cascade-harness record refuses', () => {
  it('under --ci, with a sentence saying recording is live and never runs in CI', async () => {
    const wire = await tripwire()
    const { io, out } = memoryIO(dir, { OPENROUTER_API_KEY: KEY })
    expect(await main(['record', '--ci', '--base-url', wire.baseUrl], io)).toBe(2)
    expect(out.stderr).toMatchInlineSnapshot(`
      "cascade-harness record sends live requests and never runs in CI (--ci or CI=true is set). Fix: record on a developer machine with OPENROUTER_API_KEY set, commit the cassettes, and let \`cascade-harness run --ci\` replay them.
      "
    `)
    expect(wire.hits()).toBe(0)
  })

  it('when CI=true is in the environment', async () => {
    const { io, out } = memoryIO(dir, { OPENROUTER_API_KEY: KEY, CI: 'true' })
    expect(await main(['record'], io)).toBe(2)
    expect(out.stderr).toMatch(/never runs in CI/)
  })

  it('without OPENROUTER_API_KEY, and never prints a key', async () => {
    const { io, out } = memoryIO(dir, {})
    expect(await main(['record'], io)).toBe(2)
    expect(out.stderr).toMatchInlineSnapshot(`
      "OPENROUTER_API_KEY is not set, and record reads the API key from it only. Fix: export OPENROUTER_API_KEY=<your key> in this shell (never pass a key as a flag or put it in the config).
      "
    `)
  })

  it('an unknown flag, as bad input', async () => {
    const { io, out } = memoryIO(dir, { OPENROUTER_API_KEY: KEY })
    expect(await main(['record', '--max-costs', '1'], io)).toBe(2)
    expect(out.stderr).toMatch(/"--max-costs" is not an option of `record`.*Fix: use --max-cost/)
  })

  it('when the estimated cost is above --max-cost, naming the figure, before sending anything', async () => {
    const wire = await tripwire()
    const { io, out } = memoryIO(dir, { OPENROUTER_API_KEY: KEY })
    const steps = planRecording(
      [{ file: path.join(dir, 'scenarios', 'invoice.scenario.json'), scenario: { name: 'extract-invoice', request } }],
      '__cassettes__',
    )
    const figure = formatUsd(estimateRecordingCost(steps, BUILTIN_CATALOG).totalUsd)
    expect(await main(['record', '--base-url', wire.baseUrl, '--max-cost', '0.0001'], io)).toBe(2)
    expect(out.stderr).toContain(
      `The estimated cost, ${figure}, is above --max-cost $0.0001; nothing was sent. Fix: pass --max-cost`,
    )
    expect(wire.hits()).toBe(0)
    expect(await filesUnder(dir)).toEqual([path.join(dir, 'scenarios', 'invoice.scenario.json')])
  })
})

describe('cascade-harness record against cascade-harness serve', () => {
  it('records every step of the cascade as a cassette, never writes or prints the key, and the cassettes replay fresh', async () => {
    const emulator = await startServe({ cwd: dir, port: 0 })
    servers.push(emulator)
    const { io, out } = memoryIO(dir, { OPENROUTER_API_KEY: KEY })
    const code = await main(['record', '--base-url', emulator.baseUrl, '--concurrency', '2'], io)
    expect(out.stderr).not.toContain('was not recorded')
    expect(code).toBe(0)

    const cassetteDir = path.join(dir, 'scenarios', '__cassettes__', 'extract-invoice')
    expect((await readdir(cassetteDir)).sort()).toEqual([
      '0-google__gemini-2.5-flash.json',
      '1-openai__gpt-4.1-mini.json',
      '2-anthropic__claude-sonnet-4.5.json',
    ])
    for (const file of await filesUnder(dir)) expect(await readFile(file, 'utf8'), file).not.toContain(KEY)
    expect(out.stdout + out.stderr).not.toContain(KEY)

    const saved = JSON.parse(await readFile(path.join(cassetteDir, '1-openai__gpt-4.1-mini.json'), 'utf8')) as Record<
      string,
      unknown
    >
    expect(saved).toMatchObject({
      version: 1,
      scenario: 'extract-invoice',
      step: 1,
      model: 'openai/gpt-4.1-mini',
      response: { status: 200, body: { model: 'openai/gpt-4.1-mini' } },
    })
    expect(saved.request).not.toHaveProperty('models')
    expect(saved.requestHash).toMatch(/^[0-9a-f]{64}$/)

    // The summary table says what each step answered and whether it met the contract.
    expect(out.stdout).toMatch(/extract-invoice .* 1 .* google\/gemini-2\.5-flash .* 200 .* stop .* ms .* meets/)
    expect(out.stdout).toContain('Wrote 3 cassettes')
    // No TTY: one plain progress line per step.
    expect(out.stderr.match(/^\[\d\/3\] extract-invoice step \d/gm)).toHaveLength(3)

    const cassettes = await loadCassetteLookup(
      'scenarios/invoice.scenario.json',
      'extract-invoice',
      { cassettes: '__cassettes__' },
      { cwd: dir },
    )
    expect(cassettes.status(request).map((s) => s.state)).toEqual(['fresh', 'fresh', 'fresh'])
    const changed = { ...request, messages: [request.messages[0]!, { role: 'user' as const, content: 'Invoice 43' }] }
    expect(cassettes.status(changed).map((s) => s.state)).toEqual(['stale', 'stale', 'stale'])

    // The emulator replays them: a rate limit at step 0 is served by step 1's recorded answer.
    const replay = createEmulator({
      catalog: BUILTIN_CATALOG,
      seed: 1,
      plan: { id: 'rate_limit@0', at: { '0': 'rate_limit' }, expect: { servedBy: null } },
      cassettes,
    })
    const response = await replay.handle(
      new Request('https://openrouter.ai/api/v1/chat/completions', {
        method: 'POST',
        headers: { authorization: 'Bearer x' },
        body: JSON.stringify(request),
      }),
    )
    expect(response.status).toBe(200)
    // serve's answers were synthesized: replayed, they are traced as such, never as a real model's.
    expect(replay.traces[0]).toMatchObject({ servedBy: 'openai/gpt-4.1-mini', answerSource: 'synthesized' })
  })

  it("reads the config's scenario globs from the config's folder, as run does, when run from another folder", async () => {
    const app = path.join(dir, 'app')
    await mkdir(app)
    await rm(path.join(dir, 'scenarios'), { recursive: true })
    await mkdir(path.join(app, 'scenarios'))
    await writeFile(
      path.join(app, 'scenarios', 'invoice.scenario.json'),
      JSON.stringify({ name: 'extract-invoice', request }, null, 2),
    )
    await writeFile(path.join(app, 'cascade.config.json'), JSON.stringify({ scenarios: ['scenarios/*.scenario.json'] }))
    const emulator = await startServe({ cwd: dir, port: 0 })
    servers.push(emulator)
    const { io, out } = memoryIO(dir, { OPENROUTER_API_KEY: KEY })
    const code = await main(['record', '--config', 'app/cascade.config.json', '--base-url', emulator.baseUrl], io)
    expect(out.stderr).not.toContain('No scenario to record')
    expect(code).toBe(0)
    expect(await readdir(path.join(app, 'scenarios', '__cassettes__', 'extract-invoice'))).toHaveLength(3)
  })

  it("marks serve's cassettes synthetic, with the origin they came from, and says they prove the plumbing only", async () => {
    const emulator = await startServe({ cwd: dir, port: 0 })
    servers.push(emulator)
    const { io, out } = memoryIO(dir, { OPENROUTER_API_KEY: KEY })
    expect(await main(['record', '--base-url', emulator.baseUrl], io)).toBe(0)

    const cassetteDir = path.join(dir, 'scenarios', '__cassettes__', 'extract-invoice')
    for (const name of await readdir(cassetteDir)) {
      const saved = JSON.parse(await readFile(path.join(cassetteDir, name), 'utf8')) as Record<string, unknown>
      expect(saved, name).toMatchObject({ synthetic: true, recordedFrom: emulator.url })
    }
    expect(out.stdout).toContain(
      'Wrote 3 cassettes to scenarios/__cassettes__/extract-invoice, answered by an emulator, not a model: these cassettes prove the plumbing only.',
    )
    expect(out.stdout).not.toContain('Commit them')
    expect(out.stdout).toMatch(/0-google__gemini-2\.5-flash\.json \(synthetic\)/)

    // Read back through the store, the lookup hands the emulator `synthetic: true`.
    const cassettes = await loadCassetteLookup(
      'scenarios/invoice.scenario.json',
      'extract-invoice',
      { cassettes: '__cassettes__' },
      { cwd: dir },
    )
    expect(cassettes.find('google/gemini-2.5-flash', request)).toMatchObject({ synthetic: true, status: 200 })
  })

  it('says to commit the cassettes of a router that does not call itself an emulator, and keeps its origin', async () => {
    // A stand-in for the real router: answers without x-cascade-answer-source.
    const router = await serveEmulator({
      port: 0,
      handle: async (req) => {
        const body = (await req.json()) as { model: string }
        return Response.json({
          id: 'gen-1',
          object: 'chat.completion',
          model: body.model,
          choices: [
            { index: 0, finish_reason: 'stop', message: { role: 'assistant', content: '{"number":"42","total":118}' } },
          ],
        })
      },
    })
    servers.push(router)
    const { io, out } = memoryIO(dir, { OPENROUTER_API_KEY: KEY })
    expect(await main(['record', '--base-url', `${router.url}/api/v1`], io)).toBe(0)
    expect(out.stdout).toContain(
      'Wrote 3 cassettes to scenarios/__cassettes__/extract-invoice. Commit them: `cascade-harness run --ci` replays them and fails when one goes stale.',
    )
    expect(out.stdout).not.toContain('(synthetic)')
    const saved = JSON.parse(
      await readFile(
        path.join(dir, 'scenarios', '__cassettes__', 'extract-invoice', '0-google__gemini-2.5-flash.json'),
        'utf8',
      ),
    ) as Record<string, unknown>
    expect(saved).not.toHaveProperty('synthetic')
    expect(saved.recordedFrom).toBe(router.url)
  })

  it('draws a progress bar on a terminal instead of one line per step, and says what an erroring step answered', async () => {
    const emulator = await startServe({ cwd: dir, port: 0 })
    servers.push(emulator)
    await writeFile(
      path.join(dir, 'scenarios', 'invoice.scenario.json'),
      JSON.stringify({
        name: 'extract-invoice',
        request: { ...request, models: ['google/gemini-2.5-flash', 'nobody/no-such-model'] },
      }),
    )
    const { io, out } = memoryIO(dir, { OPENROUTER_API_KEY: KEY }, { tty: true })
    expect(await main(['record', '--base-url', emulator.baseUrl], io)).toBe(0)
    expect(out.stderr).toContain('\r\x1b[K[############------------] 1/2 extract-invoice step')
    expect(out.stderr).toMatch(/\r\x1b\[K$/)
    expect(out.stderr).not.toMatch(/^\[1\/2\]/m)
    // A step that errors is recorded as that error, and the table quotes the router's message.
    expect(out.stdout).toMatch(/nobody\/no-such-model .* 400 .* error: nobody\/no-such-model is not a valid model ID/)
    const saved = JSON.parse(
      await readFile(
        path.join(dir, 'scenarios', '__cassettes__', 'extract-invoice', '1-nobody__no-such-model.json'),
        'utf8',
      ),
    ) as { response: { status: number } }
    expect(saved.response.status).toBe(400)
  })

  it('removes the cassettes of steps that left the cascade once the scenario is recorded again', async () => {
    const emulator = await startServe({ cwd: dir, port: 0 })
    servers.push(emulator)
    const { io } = memoryIO(dir, { OPENROUTER_API_KEY: KEY })
    expect(await main(['record', '--base-url', emulator.baseUrl], io)).toBe(0)
    await writeFile(
      path.join(dir, 'scenarios', 'invoice.scenario.json'),
      JSON.stringify({ name: 'extract-invoice', request: { ...request, models: ['openai/gpt-4.1-mini'] } }),
    )
    const again = memoryIO(dir, { OPENROUTER_API_KEY: KEY })
    expect(await main(['record', '--base-url', emulator.baseUrl], again.io)).toBe(0)
    expect(await readdir(path.join(dir, 'scenarios', '__cassettes__', 'extract-invoice'))).toEqual([
      '0-openai__gpt-4.1-mini.json',
    ])
    expect(again.out.stdout).toContain('Removed 3 cassettes of steps no longer in the cascade')
  })

  it("prunes only files proven to be this scenario's cassettes: a user file named like one and a corrupt file stay", async () => {
    const emulator = await startServe({ cwd: dir, port: 0 })
    servers.push(emulator)
    const folder = path.join(dir, 'scenarios', '__cassettes__', 'extract-invoice')
    await mkdir(folder, { recursive: true })
    await writeFile(path.join(folder, '2024-sales.json'), '{"revenue": 1}\n')
    await writeFile(path.join(folder, '7-broken.json'), '{ not json')
    const { io } = memoryIO(dir, { OPENROUTER_API_KEY: KEY })
    expect(await main(['record', '--base-url', emulator.baseUrl], io)).toBe(0)
    // Another scenario's cassette copied here is not this scenario's either.
    const foreign = JSON.parse(await readFile(path.join(folder, '0-google__gemini-2.5-flash.json'), 'utf8')) as Record<
      string,
      unknown
    >
    await writeFile(path.join(folder, '9-other.json'), JSON.stringify({ ...foreign, scenario: 'another-scenario' }))
    await writeFile(
      path.join(dir, 'scenarios', 'invoice.scenario.json'),
      JSON.stringify({ name: 'extract-invoice', request: { ...request, models: ['openai/gpt-4.1-mini'] } }),
    )
    const again = memoryIO(dir, { OPENROUTER_API_KEY: KEY })
    expect(await main(['record', '--base-url', emulator.baseUrl], again.io)).toBe(0)
    expect((await readdir(folder)).sort()).toEqual([
      '0-openai__gpt-4.1-mini.json',
      '2024-sales.json',
      '7-broken.json',
      '9-other.json',
    ])
    expect(await readFile(path.join(folder, '2024-sales.json'), 'utf8')).toBe('{"revenue": 1}\n')
  })

  it('refuses two scenarios whose names map to one cassette folder, before sending anything', async () => {
    const wire = await tripwire()
    await writeFile(path.join(dir, 'scenarios', 'a.scenario.json'), JSON.stringify({ name: 'inv v1', request }))
    await writeFile(path.join(dir, 'scenarios', 'b.scenario.json'), JSON.stringify({ name: 'inv-v1', request }))
    const { io, out } = memoryIO(dir, { OPENROUTER_API_KEY: KEY })
    expect(await main(['record', '--base-url', wire.baseUrl], io)).toBe(2)
    expect(out.stderr).toContain(
      'scenarios/b.scenario.json: name: the scenario name "inv-v1" and "inv v1" (scenarios/a.scenario.json) map to one cassette folder, "inv-v1"',
    )
    expect(wire.hits()).toBe(0)
  })
})
