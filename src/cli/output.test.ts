import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InputError } from '../errors.js'
import type { CliIO, TerminalStream } from './io.js'
import { outputWidth, useColor, writeReportFile } from './output.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cascade-output-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function failingWith(code: string) {
  return async () => {
    const error: NodeJS.ErrnoException = new Error(`${code}: simulated`)
    error.code = code
    throw error
  }
}

describe('writeReportFile', () => {
  it('replaces the previous report whole', async () => {
    const target = path.join(dir, 'cascade-report.json')
    await writeFile(target, '{"old":true}')
    await writeReportFile(target, '{"new":true}', dir)
    expect(JSON.parse(await readFile(target, 'utf8'))).toEqual({ new: true })
  })

  it('skips the fsyncs: a report is written anew by every run', async () => {
    const options: unknown[] = []
    await writeReportFile(path.join(dir, 'r.json'), '{}', dir, async (_file, _text, writeOptions) => {
      options.push(writeOptions)
    })
    expect(options).toEqual([{ durable: false }])
  })

  it.each([
    ['ENOSPC', 'the disk is full', 'free disk space'],
    ['EACCES', 'permission was denied', 'pass --out-dir a folder you can write to'],
    ['EISDIR', 'a folder is in the way of the file', 'pass --out-dir a folder you can write to'],
  ])('a %s from the environment is a sentence (exit 2) and the old report stays', async (code, cause, fix) => {
    const target = path.join(dir, 'cascade-report.json')
    await writeFile(target, '{"old":true}')
    const error = await writeReportFile(target, '{"new":true}', dir, failingWith(code)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InputError)
    expect((error as Error).message).toContain(`${cause} (${code})`)
    expect((error as Error).message).toContain(fix)
    expect(await readFile(target, 'utf8')).toBe('{"old":true}')
  })

  it('a real EISDIR (a folder named like the report) is a sentence', async () => {
    const target = path.join(dir, 'cascade-report.json')
    await mkdir(target)
    await expect(writeReportFile(target, '{}', dir)).rejects.toThrow(/a folder is in the way of the file \(EISDIR\)/)
  })

  it('an error that is not the environment is not disguised as bad input (exit 3)', async () => {
    const error = await writeReportFile(path.join(dir, 'r.json'), '{}', dir, async () => {
      throw new TypeError('a bug')
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TypeError)
  })
})

const terminal = (over: Partial<TerminalStream> = {}): TerminalStream => ({
  write: () => true,
  isTTY: true,
  columns: 100,
  hasColors: () => true,
  ...over,
})
const io = (env: Record<string, string | undefined>, stdout: TerminalStream = terminal()): CliIO => ({
  cwd: '/',
  env,
  stdout,
  stderr: terminal(),
})

describe('color', () => {
  it('is on for a color terminal and off for a pipe or a file', () => {
    expect(useColor(io({}), undefined)).toBe(true)
    expect(useColor(io({}, terminal({ isTTY: false })), undefined)).toBe(false)
    expect(useColor(io({}, { write: () => true }), undefined)).toBe(false)
  })

  it("follows the terminal's own answer: a TTY without colors stays plain", () => {
    const seen: unknown[] = []
    const mono = terminal({ hasColors: (_count, env) => (seen.push(env), false) })
    expect(useColor(io({ TERM: 'xterm' }, mono), undefined)).toBe(false)
    // The terminal is asked about the command's environment, not the test runner's.
    expect(seen).toEqual([{ TERM: 'xterm' }])
  })

  it('is off with NO_COLOR (when not empty) and TERM=dumb, even on a color terminal', () => {
    expect(useColor(io({ NO_COLOR: '1' }), undefined)).toBe(false)
    expect(useColor(io({ NO_COLOR: '' }), undefined)).toBe(true)
    expect(useColor(io({ TERM: 'dumb' }), undefined)).toBe(false)
  })

  it('FORCE_COLOR turns it on through a pipe, NO_COLOR and TERM=dumb; FORCE_COLOR=0 or false turns it off', () => {
    const pipe = terminal({ isTTY: false })
    for (const value of ['1', '2', '3', 'true', ''])
      expect(useColor(io({ FORCE_COLOR: value, NO_COLOR: '1', TERM: 'dumb' }, pipe), undefined)).toBe(true)
    for (const value of ['0', 'false']) expect(useColor(io({ FORCE_COLOR: value }), undefined)).toBe(false)
  })

  it('--no-color wins over everything', () => {
    expect(useColor(io({ FORCE_COLOR: '1' }), true)).toBe(false)
    expect(useColor(io({}), true)).toBe(false)
  })
})

describe('output width', () => {
  it("is the terminal's width, else COLUMNS, else 80", () => {
    expect(outputWidth(io({ COLUMNS: '60' }))).toBe(100)
    expect(outputWidth(io({ COLUMNS: '60' }, terminal({ isTTY: false })))).toBe(60)
    expect(outputWidth(io({}, terminal({ isTTY: false })))).toBe(80)
    expect(outputWidth(io({ COLUMNS: 'wide' }, { write: () => true }))).toBe(80)
  })
})
