/**
 * User code runs in the harness's process and must not end the run: process.exit at load or in a
 * client, an unhandled rejection, a late throw from a timer, a top-level await that never settles.
 * Spawned: the guard is the CLI's, installed for the whole process.
 */
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { scenarioJson, tempProject } from '../../src/adapters/load/__fixtures__/temp-project.js'
import { runCli } from '../helpers/run-cli.js'

const DIR = 'test/fixtures/hostile'

/** Both scenario modules that cannot load, in one spawned run: the loader reports every file's problem at once. */
let loadRun: ReturnType<typeof runCli> | undefined
function runUnloadable() {
  loadRun ??= (async () =>
    runCli([
      'run',
      `${DIR}/exits-at-load.scenario.ts`,
      `${DIR}/never-settles.scenario.ts`,
      '--reporter',
      'json',
      '--out-dir',
      await mkdtemp(path.join(tmpdir(), 'cascade-run-')),
    ]))()
  return loadRun
}

describe('user code cannot end the run', () => {
  it('process.exit(0) in a scenario module is an input error naming the file (exit 2), not a silent exit 0', async () => {
    const result = await runUnloadable()
    expect(result.code).toBe(2)
    expect(result.stderr.trim().split('\n')).toContain(
      `${DIR}/exits-at-load.scenario.ts: stopped while loading: process.exit(0) was called, which would have ended the whole run; the harness refused it. Fix: remove the process.exit call: a scenario or config module only exports what the harness runs.`,
    )
  })

  it('process.exit(1) in the config is an input error too, not "gate failed"', async () => {
    const dir = tempProject({
      'cascade.config.mjs': 'process.exit(1)\nexport default {}\n',
      'scenarios/a.scenario.json': scenarioJson('a'),
    })
    const result = await runCli(['run'], { cwd: dir })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('cascade.config.mjs: stopped while loading: process.exit(1) was called')
  })

  it('a top-level await that never settles is reported (exit 2), not a hang or exit 13', async () => {
    const result = await runUnloadable()
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`${DIR}/never-settles.scenario.ts: its top-level await never settles`)
  })

  it('process.exit and unhandled rejections in a client are crashed cases; a throw from a timer after the report still fails the run, with a sentence', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'cascade-run-'))
    const result = await runCli(['run', `${DIR}/hostile-clients.scenario.ts`, '--reporter', 'json', '--out-dir', out])
    expect(result.code).toBe(1)
    const report = JSON.parse(await readFile(path.join(out, 'cascade-report.json'), 'utf8')) as {
      scenarios: { name: string; passed: boolean; cases: { outcome: string; failures: { message: string }[] }[] }[]
    }
    const byName = Object.fromEntries(report.scenarios.map((s) => [s.name, s]))
    expect(byName['exits-in-client']!.cases[0]).toMatchObject({ outcome: 'crashed' })
    expect(byName['exits-in-client']!.cases[0]!.failures[0]!.message).toBe(
      'the client called process.exit(0), which would have ended the whole run; the harness refused it',
    )
    expect(byName['rejects-unhandled']!.cases[0]).toMatchObject({ outcome: 'crashed' })
    expect(byName['rejects-unhandled']!.cases[0]!.failures[0]!.message).toMatch(
      /^the client left an error no code caught \(an unhandled rejection or a throw from a timer\): Error: nobody awaited this/,
    )
    expect(byName['passes']!.passed).toBe(true)
    // The timer fires 300 ms after its client returned, after the report: the exit code and stderr say so.
    expect(result.stderr).toContain(
      "Error: a timer threw after the client returned; it would have ended the run with a stack trace; it came after the run's report was made, so the run fails.",
    )
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })
})
