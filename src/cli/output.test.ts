import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InputError } from '../errors.js'
import { writeReportFile } from './output.js'

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
