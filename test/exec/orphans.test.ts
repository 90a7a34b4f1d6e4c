/**
 * `{ exec }` commands and everything they start die with their case and with the harness: a setsid
 * daemon after a normal run, every command after `kill -9` of the harness (no clean-up code runs
 * then; the watchdog does it).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runScenarios } from '../../src/runner/run-scenarios.js'
import { alive, jsonLines } from '../helpers/processes.js'
import { REPO_ROOT } from '../helpers/run-cli.js'

const FILE = 'test/fixtures/exec/orphans.scenario.ts'
const BIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url))

let logDir: string
const saved = process.env.CASCADE_EXEC_TEST_LOG
beforeEach(() => {
  logDir = mkdtempSync(path.join(tmpdir(), 'cascade-orphans-'))
  process.env.CASCADE_EXEC_TEST_LOG = logDir
})
afterEach(() => {
  if (saved === undefined) delete process.env.CASCADE_EXEC_TEST_LOG
  else process.env.CASCADE_EXEC_TEST_LOG = saved
  rmSync(logDir, { recursive: true, force: true })
})

function logged(): Array<Record<string, number>> {
  return jsonLines(path.join(logDir, 'log.jsonl'))
}

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (condition()) return true
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return condition()
}

describe.skipIf(process.platform !== 'linux')('processes die with the run', () => {
  it('kills a setsid daemon a command left behind when its case ends, and counts it in a warning', async () => {
    const report = await runScenarios({ cwd: REPO_ROOT, paths: [FILE], grep: '^leaves-daemon$' })
    const scenario = report.scenarios[0]!
    expect(scenario.cases[0]!.verdict).toBe('pass')
    const [entry] = logged()
    expect(entry?.daemon).toBeGreaterThan(0)
    expect(await until(() => !alive(entry!.daemon!), 3000)).toBe(true)
    expect(scenario.warnings).toContain(
      'the exec command left 1 process running after it ended (a background job, a setsid daemon); the harness killed it, as it kills every process a command starts when its case ends',
    )
  })

  it('kills every running command and what it started when the harness is killed with kill -9', async () => {
    const harness = spawn(
      process.execPath,
      [BIN, 'run', FILE, '--grep', '^hangs-many$', '--reporter', 'json', '--out-dir', logDir],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, CASCADE_EXEC_TEST_LOG: logDir, NO_COLOR: '1', CI: '' },
        stdio: 'ignore',
      },
    )
    // Both cases' commands have started and logged their pids (and their helpers').
    expect(await until(() => logged().length >= 2, 20_000)).toBe(true)
    const pids = logged().flatMap((entry) => [entry.pid!, entry.helper!])
    expect(pids.every(alive)).toBe(true)
    harness.kill('SIGKILL')
    expect(
      await until(() => pids.every((pid) => !alive(pid)), 5000),
      `still alive: ${pids.filter(alive).join(', ')}`,
    ).toBe(true)
  })
})
