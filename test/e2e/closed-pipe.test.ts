import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { tempProject } from '../../src/adapters/load/__fixtures__/temp-project.js'

const BIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url))

/**
 * `run | head`: the reader goes away before the report is printed. Only a real process and a real
 * pipe show EPIPE, so this spawns the CLI and closes its stdout's read end before it writes a line.
 */
function runWithClosedStdout(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }
    delete env.CI
    delete env.GITHUB_ACTIONS
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.destroy()
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stderr }))
  })
}

/**
 * A one-case JSON scenario (no TypeScript to load: the pipe, not the scenario, is under test) whose
 * case passes, or fails because its plan expects the step that is down to serve.
 */
function oneCase(name: string, expectServedBy?: string) {
  return JSON.stringify({
    name,
    request: {
      models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini'],
      messages: [{ role: 'user', content: 'Say hi.' }],
    },
    client: 'reference',
    faults: [
      {
        name: 'first-down',
        at: { 'google/gemini-2.5-flash': 'downtime' },
        ...(expectServedBy ? { expect: { servedBy: expectServedBy } } : {}),
      },
    ],
  })
}

describe('run into a closed pipe (run | head)', () => {
  it("exits with the gate's code and prints no EPIPE stack", async () => {
    const dir = tempProject({
      'passes.scenario.json': oneCase('passes'),
      'fails.scenario.json': oneCase('fails', 'google/gemini-2.5-flash'),
    })
    const [passed, failed] = await Promise.all([
      runWithClosedStdout(['run', 'passes.scenario.json', '--out-dir', 'out'], dir),
      runWithClosedStdout(['run', 'fails.scenario.json', '--out-dir', 'out-2'], dir),
    ])
    expect(passed.code).toBe(0)
    expect(failed.code).toBe(1)
    // stderr (a pipe here) carries only the line per finished scenario: no EPIPE, no stack.
    expect(passed.stderr).toMatch(/^\[1\/1\] ✓ passes: [^\n]*\n$/)
    expect(failed.stderr).toMatch(/^\[1\/1\] ✗ fails: [^\n]*\n$/)
  })
})
