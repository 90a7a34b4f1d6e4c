import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'
import { startServe } from '../../src/runner/start-serve.js'
import type { EmulatorServer } from '../../src/adapters/http-server/index.js'
import { memoryIO } from '../record/io.js'

const KEY = 'sk-or-v1-FAKE0123456789abcdef0123456789abcdef0123456789abcdef01234567'
const schema = {
  type: 'object',
  properties: { city: { type: 'string' }, celsius: { type: 'number' } },
  required: ['city', 'celsius'],
  additionalProperties: false,
}

function scenario(toolDescription: string) {
  return {
    name: 'weather',
    request: {
      models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini'],
      messages: [{ role: 'user', content: 'Weather in Lisbon?' }],
      tools: [
        { type: 'function', function: { name: 'get_weather', description: toolDescription, parameters: schema } },
      ],
      tool_choice: 'required',
      provider: { require_parameters: true },
      max_tokens: 200,
    },
    // The reference client repairs no quirk by design; this test is about replay, so keep the router faults.
    faults: { include: ['rate_limit', 'downtime'] },
  }
}

let dir: string
let server: EmulatorServer | undefined
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'record-replay-'))
  await mkdir(path.join(dir, 'scenarios'))
  await writeFile(
    path.join(dir, 'scenarios', 'weather.scenario.json'),
    JSON.stringify(scenario('Look up the weather.'), null, 2),
  )
})
afterEach(async () => {
  await server?.close()
  await rm(dir, { recursive: true, force: true })
})

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true })
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name))
}

describe('record, then replay in CI', () => {
  it('records against serve with a fake key, passes run --ci from the cassettes, and fails it once a tool description changes', async () => {
    const served = await startServe({ cwd: dir, port: 0 })
    server = served
    const recording = memoryIO(dir, { OPENROUTER_API_KEY: KEY })
    const recorded = await main(['record', '--base-url', served.baseUrl], recording.io)
    expect(recorded, recording.out.stdout + recording.out.stderr).toBe(0)
    for (const file of await filesUnder(dir)) expect(await readFile(file, 'utf8'), file).not.toContain(KEY)
    expect(recording.out.stdout + recording.out.stderr).not.toContain(KEY)

    // Recorded from our own emulator: the cassettes say so, and run keeps calling their answers synthesized.
    const cassetteDir = path.join(dir, 'scenarios', '__cassettes__', 'weather')
    const cassetteFiles = (await readdir(cassetteDir)).map((name) => path.join(cassetteDir, name))
    for (const file of cassetteFiles)
      expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ synthetic: true })
    const synthetic = memoryIO(dir, { CI: 'true' })
    expect(await main(['run', '--reporter', 'json', '--out-dir', 'out'], synthetic.io)).toBe(0)
    const syntheticCases = JSON.parse(await readFile(path.join(dir, 'out', 'cascade-report.json'), 'utf8')).scenarios[0]
      .cases
    expect(syntheticCases.find((c: { id: string }) => c.id === 'clean')).toMatchObject({ answerSource: 'synthesized' })
    // ...and a CI gate that demands real recordings is not satisfied by them.
    await writeFile(path.join(dir, 'cascade.config.json'), JSON.stringify({ missingCassette: 'fail' }))
    const demanding = memoryIO(dir, { CI: 'true' })
    expect(await main(['run', '--no-color', '--reporter', 'table'], demanding.io)).toBe(1)
    expect(demanding.out.stdout).toContain('(its cassette was answered by an emulator)')
    await rm(path.join(dir, 'cascade.config.json'))

    // As a real model's recording (no synthetic flag), the same cassettes replay as cassettes.
    for (const file of cassetteFiles) {
      const { synthetic: _flag, ...real } = JSON.parse(await readFile(file, 'utf8'))
      await writeFile(file, JSON.stringify(real, null, 2))
    }
    const replay = memoryIO(dir, { CI: 'true' })
    expect(await main(['run', '--reporter', 'json', '--out-dir', 'out'], replay.io)).toBe(0)
    const report = JSON.parse(await readFile(path.join(dir, 'out', 'cascade-report.json'), 'utf8'))
    const cases = report.scenarios[0].cases as Array<{ id: string; answerSource: string; servedBy: string | null }>
    expect(cases.find((c) => c.id === 'clean')).toMatchObject({
      answerSource: 'cassette',
      servedBy: 'google/gemini-2.5-flash',
    })
    expect(cases.find((c) => c.id === 'rate_limit@0')).toMatchObject({
      answerSource: 'cassette',
      servedBy: 'openai/gpt-4.1-mini',
    })
    for (const file of await filesUnder(dir)) expect(await readFile(file, 'utf8'), file).not.toContain(KEY)

    await writeFile(
      path.join(dir, 'scenarios', 'weather.scenario.json'),
      JSON.stringify(scenario('Look up the current weather for a city.'), null, 2),
    )
    const stale = memoryIO(dir, { CI: 'true' })
    expect(await main(['run', '--no-color'], stale.io)).toBe(1)
    expect(stale.out.stdout).toMatch(/error +stale-cassette/)
    expect(stale.out.stdout).toContain(
      'scenario "weather": step 1 (google/gemini-2.5-flash) has a stale cassette: tools[0].function.description changed',
    )
    expect(stale.out.stdout).toContain(
      "run `cascade-harness record scenarios/weather.scenario.json --grep '^weather$'` and commit the new cassettes",
    )

    // Locally the same change only warns: the gate still runs (and synthesizes for the stale steps).
    const local = memoryIO(dir, {})
    expect(await main(['run', '--no-color', '--reporter', 'table'], local.io)).toBe(0)
    expect(local.out.stdout).toMatch(/warning +stale-cassette/)
  })

  it('in --ci, a scenario without cassettes warns by default and fails with missingCassette: "fail"', async () => {
    const warned = memoryIO(dir, { CI: 'true' })
    expect(await main(['run', '--no-color', '--reporter', 'table'], warned.io)).toBe(0)
    expect(warned.out.stdout).toMatch(/warning +missing-cassette/)

    await writeFile(path.join(dir, 'cascade.config.json'), JSON.stringify({ missingCassette: 'fail' }))
    const failed = memoryIO(dir, { CI: 'true' })
    expect(await main(['run', '--no-color', '--reporter', 'table'], failed.io)).toBe(1)
    expect(failed.out.stdout).toMatch(/error +missing-cassette/)

    await writeFile(
      path.join(dir, 'cascade.config.json'),
      JSON.stringify({ missingCassette: 'fail', lint: { rules: { 'missing-cassette': 'off' } } }),
    )
    const silenced = memoryIO(dir, { CI: 'true' })
    expect(await main(['run', '--no-color', '--reporter', 'table'], silenced.io)).toBe(0)
    expect(silenced.out.stdout).not.toContain('missing-cassette')
  })
})
