import { spawn } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../helpers/run-cli.js'

const BIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url))

/**
 * `run | head`: the reader goes away before the report is printed. Only a real process and a real
 * pipe show EPIPE, so this spawns the CLI and closes its stdout's read end before it writes a line.
 */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }
    delete env.CI
    delete env.GITHUB_ACTIONS
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.destroy()
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stderr }))
  })
}

describe('run into a closed pipe (run | head)', () => {
  it("exits with the gate's code and prints no EPIPE stack", async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'cascade-pipe-'))
    const [passed, failed] = await Promise.all([
      runWithClosedStdout(['run', 'scenarios/3-corrected-cascade.scenario.ts', '--out-dir', out]),
      runWithClosedStdout(['run', 'scenarios/2-trimmed-cascade.scenario.ts', '--out-dir', out]),
    ])
    expect(passed.code).toBe(0)
    expect(failed.code).toBe(1)
    // stderr (a pipe here) carries only the line per finished scenario: no EPIPE, no stack.
    expect(passed.stderr).toMatch(/^\[1\/1\] ✓ corrected-cascade: [^\n]*\n$/)
    expect(failed.stderr).toMatch(/^\[1\/1\] ✗ trimmed-cascade: [^\n]*\n$/)
  })
})
