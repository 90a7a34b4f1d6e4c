/**
 * `kill -9` while a report is being written must leave the previous report or the new one, whole:
 * a CI step that parses it never sees half a file. A child process rewrites a large report in a loop;
 * the parent watches the folder and kills it the moment a write is under way (a temporary file
 * appears or the report changes size), a little later each round.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL, fileURLToPath } from 'node:url'
import { afterAll, expect, it } from 'vitest'

const OUTPUT = pathToFileURL(fileURLToPath(new URL('../../dist/cli/output.js', import.meta.url))).href
const dir = mkdtempSync(path.join(tmpdir(), 'cascade-kill-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const WRITER = `
const { writeReportFile } = await import(${JSON.stringify(OUTPUT)})
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
    await new Promise((resolve) => setTimeout(resolve, round * 3))
    child.kill('SIGKILL')
    await exited
    const parsed = JSON.parse(readFileSync(target, 'utf8')) as { i: number }
    expect([-1, 1]).toContain(parsed.i)
  }
  // A killed write leaves at most its dot-prefixed temp file, never a half report under the real name.
  expect(readdirSync(dir).filter((name) => !name.startsWith('.'))).toEqual(['cascade-report.json'])
})
