import { spawn } from 'node:child_process'
import { access, chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { alive } from '../helpers/processes.js'

/**
 * docs/serve.md tells scripts how to start `serve` in the background and stop it. This runs that
 * very snippet, as bash reads it from the doc, and checks that `kill $SERVE_PID` really stops the
 * server: no process left, the port closed.
 */

const DOC = fileURLToPath(new URL('../../docs/serve.md', import.meta.url))
const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url))
const TSX = import.meta.resolve('tsx')
const PLACEHOLDER = '# ... your tests, against $BASE_URL ...'

let dir: string
/** The server this test started, stopped here should the test fail before the script does it. */
let serverPid: number | undefined
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'serve-script-'))
})
afterEach(async () => {
  if (serverPid !== undefined && alive(serverPid)) process.kill(serverPid, 'SIGKILL')
  serverPid = undefined
  await rm(dir, { recursive: true, force: true })
})

/** The first sh block of the doc's section "In a script: start, use, stop". */
async function documentedSnippet(): Promise<string> {
  const doc = await readFile(DOC, 'utf8')
  const section = doc.slice(doc.indexOf('## In a script: start, use, stop'))
  const match = /```sh\n([\s\S]*?)```/.exec(section)
  if (!match) throw new Error('docs/serve.md has no sh block under "In a script: start, use, stop"')
  return match[1]!
}

async function until(check: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('the documented way to run serve from a script', () => {
  it('starts the server in the background, reads its URL, and kill $SERVE_PID stops it', async () => {
    // What npm installs: node_modules/.bin/cascade-harness runs node itself (exec keeps the pid, as a shebang does).
    await mkdir(path.join(dir, 'node_modules', '.bin'), { recursive: true })
    const bin = path.join(dir, 'node_modules', '.bin', 'cascade-harness')
    await writeFile(bin, `#!/bin/sh\nexec "${process.execPath}" --import "${TSX}" "${MAIN}" "$@"\n`)
    await chmod(bin, 0o755)

    const snippet = await documentedSnippet()
    expect(snippet).toContain(PLACEHOLDER)
    // The "tests" hand the URL and pid to this test and wait until it has used the server.
    const script = snippet.replace(
      PLACEHOLDER,
      'echo "$BASE_URL $SERVE_PID" > started.txt\nuntil [ -f go ]; do sleep 0.05; done',
    )
    const child = spawn('bash', ['-c', script], {
      cwd: dir,
      env: { ...process.env, CI: undefined, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))

    const started = path.join(dir, 'started.txt')
    await until(
      async () =>
        access(started).then(
          () => true,
          () => false,
        ) || child.exitCode !== null,
      'the server to start',
    )
    const [baseUrl, pidText] = (await readFile(started, 'utf8')).trim().split(' ')
    const pid = Number(pidText)
    serverPid = pid
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/)
    expect(alive(pid)).toBe(true)
    expect((await fetch(`${baseUrl}/models`)).status).toBe(200)

    await writeFile(path.join(dir, 'go'), '')
    expect(await exited, stderr).toBe(0)
    expect(stderr).toContain('cascade-harness emulator stopped (SIGTERM).')
    expect(alive(pid)).toBe(false)
    await expect(fetch(`${baseUrl}/models`)).rejects.toThrow()
  }, 30_000)
})
