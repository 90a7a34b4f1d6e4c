/**
 * `kill -9` while a report is being written must leave the previous report or the new one, whole:
 * a CI step that parses it never sees half a file. A child process rewrites a large report in a loop;
 * the parent watches the folder and kills it the moment a write is under way (a temporary file
 * appears or the report changes size), a little later each round.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { REPO_ROOT } from '../helpers/run-cli.js'

const dir = mkdtempSync(path.join(tmpdir(), 'cascade-kill-'))
// The writer's code outside the report folder, which the test expects to hold the report alone.
const code = mkdtempSync(path.join(tmpdir(), 'cascade-kill-code-'))
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
  rmSync(code, { recursive: true, force: true })
})

// The source's writeReportFile as one plain JavaScript file for the children: dist/ is a bundle whose
// internal files have no stable names, and loading TypeScript in each of the 8 children would cost
// about half a second of CPU each. Its dependencies resolve from this checkout's node_modules.
const OUTPUT = path.join(code, 'output.mjs')
beforeAll(async () => {
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(code, 'node_modules'), 'dir')
  await build({
    entryPoints: [path.join(REPO_ROOT, 'src', 'cli', 'output.ts')],
    outfile: OUTPUT,
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    logLevel: 'warning',
  })
})

const WRITER = `
const { writeReportFile } = await import(${JSON.stringify(pathToFileURL(OUTPUT).href)})
const target = process.argv[1]
const text = JSON.stringify({ i: 1, filler: 'x'.repeat(16 * 1024 * 1024) })
for (;;) await writeReportFile(target, text, ${JSON.stringify(dir)})
`

function writeUnderWay(target: string, goodSize: number): boolean {
  if (readdirSync(dir).some((name) => name.endsWith('.tmp'))) return true
  return statSync(target).size !== goodSize
}

it('a report killed mid-write 8 times out of 8 still parses', async () => {
  const target = path.join(dir, 'cascade-report.json')
  writeFileSync(target, JSON.stringify({ i: -1 }))
  for (let round = 0; round < 8; round++) {
    const goodSize = statSync(target).size
    const child = spawn(process.execPath, ['--input-type=module', '-e', WRITER, target], { stdio: 'ignore' })
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
    let alive = true
    void exited.then(() => (alive = false))
    while (alive && !writeUnderWay(target, goodSize)) await new Promise((resolve) => setImmediate(resolve))
    // A writer that never started (it could not load, say) would leave the old report and prove nothing.
    expect(alive, 'the writer was writing when the kill came').toBe(true)
    await new Promise((resolve) => setTimeout(resolve, round * 3))
    child.kill('SIGKILL')
    await exited
    const parsed = JSON.parse(readFileSync(target, 'utf8')) as { i: number }
    expect([-1, 1]).toContain(parsed.i)
  }
  // A killed write leaves at most its dot-prefixed temp file, never a half report under the real name.
  expect(readdirSync(dir).filter((name) => !name.startsWith('.'))).toEqual(['cascade-report.json'])
})
