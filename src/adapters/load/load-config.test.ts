import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { loadConfig } from './load-config.js'
import { FIXTURES, sentencesOf, tempProject } from './__fixtures__/temp-project.js'

const at = (folder: string) => path.join(FIXTURES, 'config', folder)

describe('loadConfig', () => {
  test('without a config file the defaults serve', async () => {
    const cwd = tempProject({})
    const loaded = await loadConfig({ cwd })
    expect(loaded.file).toBeNull()
    expect(loaded.dir).toBe(cwd)
    expect(loaded.config).toMatchObject({ scenarios: ['scenarios'], cassettes: '__cassettes__', deadlineMs: 10_000 })
  })

  test('cascade.config.ts is found in cwd, runs with the app modules it imports, and gets the defaults filled in', async () => {
    const loaded = await loadConfig({ cwd: at('ts') })
    expect(loaded.file).toBe(path.join(at('ts'), 'cascade.config.ts'))
    expect(loaded.dir).toBe(at('ts'))
    expect(loaded.config).toMatchObject({
      scenarios: ['../app/scenarios/*.scenario.ts'],
      reporters: ['table', 'junit'],
      concurrency: 3,
      budgets: { maxCostUsd: 0.05 },
      lint: { rules: { 'free-not-last': 'off' } },
      outDir: '.cascade-out',
    })
  })

  test('cascade.config.json is found too', async () => {
    expect((await loadConfig({ cwd: at('json') })).config).toMatchObject({ outDir: 'out', seed: 7 })
  })

  test('--config names a file relative to cwd, in any folder', async () => {
    const loaded = await loadConfig({ cwd: FIXTURES, configPath: 'config/json/cascade.config.json' })
    expect(loaded.file).toBe(path.join(at('json'), 'cascade.config.json'))
    expect(loaded.dir).toBe(at('json'))
    expect(loaded.config.seed).toBe(7)
  })

  test('every problem of an invalid config is one sentence with the field and the fix', async () => {
    expect(await sentencesOf(loadConfig({ cwd: at('broken') }))).toMatchInlineSnapshot(`
      "cascade.config.json: reporters[0]: "tabel" is not one of "table", "json", "junit", "markdown", or "github" (did you mean "table"?). Fix: write "table".
      cascade.config.json: deadlineMs: expected a number, got a string ("10s"). Fix: write a number.
      cascade.config.json: emulator.unsupportedParameter: 404 is not one of "404" or "ignore". Fix: write it in quotes: "404".
      cascade.config.json: \`scenarioss\` is not a config field (did you mean \`scenarios\`?). Fix: rename it to \`scenarios\`."
    `)
  })

  test('a --config that does not exist is a problem', async () => {
    expect(await sentencesOf(loadConfig({ cwd: FIXTURES, configPath: 'cascade.config.tss' }))).toMatchInlineSnapshot(
      `"cascade.config.tss: the config file does not exist. Fix: correct the --config path, or leave it out to use cascade.config.ts in the current folder."`,
    )
  })

  test('two config files in cwd are a problem rather than a guess', async () => {
    expect(await sentencesOf(loadConfig({ cwd: at('ambiguous') }))).toMatchInlineSnapshot(
      `"cascade.config.mjs: cascade.config.json also exists, so which config applies is ambiguous. Fix: keep one config file (or name one with --config)."`,
    )
  })

  test('a config that throws while loading is a sentence, not a stack trace', async () => {
    const message = await sentencesOf(loadConfig({ cwd: at('throws') }))
    expect(message).toMatchInlineSnapshot(
      `"cascade.config.mjs: could not be loaded: TypeError: process.env.CASCADE_SEED is undefined (thrown at cascade.config.mjs:1). Fix: make the module load without throwing; \`node cascade.config.mjs\` shows the full stack."`,
    )
    expect(message).not.toMatch(/^\s+at /m)
  })

  test('a config without a default export says how to write one', async () => {
    const cwd = tempProject({ 'cascade.config.mjs': 'export const config = {}\n' })
    expect(await sentencesOf(loadConfig({ cwd }))).toMatchInlineSnapshot(
      `"cascade.config.mjs: has no default export. Fix: add \`export default defineConfig({ ... })\`."`,
    )
  })
})
