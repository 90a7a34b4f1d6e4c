import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'
import { REPO_ROOT } from '../helpers/run-cli.js'

const FIXTURE = 'test/fixtures/progress/counting.scenario.ts'
const inFlight = () => (globalThis as { __cascadeConcurrency?: { now: number; max: number } }).__cascadeConcurrency

async function run(args: string[], stderrIsTTY: boolean) {
  let stdout = ''
  let stderr = ''
  const state = inFlight()
  if (state) {
    // A case the previous run gave up on (its deadline passed) may still be in the client: let it end.
    for (let i = 0; i < 100 && state.now > 0; i++) await new Promise((resolve) => setTimeout(resolve, 50))
    state.max = 0
  }
  const out = await mkdtemp(path.join(tmpdir(), 'cascade-progress-'))
  const code = await main(['run', FIXTURE, '--reporter', 'table', '--out-dir', out, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, NO_COLOR: '1' },
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t), isTTY: stderrIsTTY, columns: 120 },
  })
  return { code, stdout, stderr, maxInFlight: inFlight()?.max }
}

describe('run says what it is doing', () => {
  it('draws a live line on a terminal stderr, cleared before the report; stdout holds only the report', async () => {
    const result = await run([], true)
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/^\r\u001b\[Krun 1\/1 counting · case 0\/\d+ · 0 cases done · 0 failures · /)
    expect(result.stderr).toMatch(/\d+ cases done · 0 failures · [\d.]+ m?s/)
    expect(result.stderr.endsWith('\r\u001b[K')).toBe(true)
    expect(result.stdout).not.toContain('\r')
    expect(result.stdout).toContain('✓ PASS  counting')
  })

  it('prints one line per finished scenario when stderr is not a terminal', async () => {
    const result = await run([], false)
    expect(result.stderr).toMatch(/^\[1\/1\] ✓ counting: \d+ cases, 0 failed · [\d.]+ m?s \([\d.]+ m?s in all\)\n$/)
  })

  it('--concurrency bounds the cases in flight', async () => {
    expect((await run(['--concurrency', '1'], false)).maxInFlight).toBe(1)
    expect((await run(['--concurrency', '3'], false)).maxInFlight).toBe(3)
  })

  it('refuses a --concurrency that is not a positive whole number', async () => {
    const result = await run(['--concurrency', '0'], false)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--concurrency: "0" is not a positive whole number')
  })
})
