import { execFileSync } from 'node:child_process'
import { mkdtemp, open, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { canonicalJson, canonicalRequest, requestHash } from '../../core/cassette/canonical.js'
import { createCassette } from '../../core/cassette/cassette.js'
import { buildStepRequest } from '../../core/cassette/steps.js'
import type { ChatRequest } from '../../core/types.js'
import { InputError } from '../../errors.js'
import { writeFileAtomic } from '../fs/atomic-write.js'
import { redactSecrets, scrubText } from './redact.js'
import { sha256Hex } from './sha256.js'
import { cassettePath, loadCassetteLookup, readCassettes, serializeCassette, writeCassette } from './store.js'

const KEY = 'sk-or-v1-FAKE0123456789abcdef0123456789abcdef'

const request: ChatRequest = {
  models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini'],
  messages: [{ role: 'user', content: 'Say hi' }],
  temperature: 0,
}

const cassetteFor = (
  model: string,
  step: number,
  body: unknown = { choices: [{ finish_reason: 'stop', message: { role: 'assistant', content: 'hi' } }] },
) =>
  createCassette({
    scenario: 'greet',
    step,
    model,
    request: buildStepRequest(request, model),
    response: { status: 200, body },
    latencyMs: 100,
    recordedAt: '2026-11-01T10:00:00.000Z',
    harnessVersion: '0.1.0',
    hash: sha256Hex,
  })

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cassette-store-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('sha256Hex', () => {
  it('is the SHA-256 of the canonical JSON, as sha256sum prints it', () => {
    const canonical = canonicalJson(canonicalRequest(request))
    const expected = execFileSync('sha256sum', { input: canonical }).toString().slice(0, 64)
    expect(requestHash(request, sha256Hex)).toBe(expected)
  })
})

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temporary file behind', async () => {
    const file = path.join(dir, 'a.json')
    await writeFileAtomic(file, 'old\n')
    await writeFileAtomic(file, 'new\n')
    expect(await readFile(file, 'utf8')).toBe('new\n')
    expect(await readdir(dir)).toEqual(['a.json'])
  })

  it('leaves the old file intact and no half file when the write is interrupted before the rename', async () => {
    const file = path.join(dir, 'nested', '0-google__gemini-2.5-flash.json')
    await writeFileAtomic(file, '{"old":true}\n')
    let tempSeen = ''
    const interrupted = writeFileAtomic(file, '{"new":true}\n', {
      rename: async (from) => {
        tempSeen = await readFile(from, 'utf8')
        throw Object.assign(new Error('ENOSPC: no space left on device, rename'), { code: 'ENOSPC' })
      },
    })
    await expect(interrupted).rejects.toThrow('ENOSPC')
    // The new text was fully written and flushed to the temporary file before the rename failed...
    expect(tempSeen).toBe('{"new":true}\n')
    // ...and the failure left the old file as it was and nothing else.
    expect(await readFile(file, 'utf8')).toBe('{"old":true}\n')
    expect(await readdir(path.dirname(file))).toEqual(['0-google__gemini-2.5-flash.json'])
  })

  it('flushes to disk (file and folder) unless told the file is not worth it, and replaces atomically either way', async () => {
    const handle = await open(path.join(dir, 'probe'), 'w')
    const FileHandle = Object.getPrototypeOf(handle) as { sync(): Promise<void> }
    await handle.close()
    const sync = vi.spyOn(FileHandle, 'sync')
    try {
      const file = path.join(dir, 'report.json')
      await writeFileAtomic(file, '{"cassette":true}\n')
      expect(sync).toHaveBeenCalledTimes(2)
      sync.mockClear()
      await writeFileAtomic(file, '{"report":true}\n', { durable: false })
      expect(sync).not.toHaveBeenCalled()
      expect(await readFile(file, 'utf8')).toBe('{"report":true}\n')
      expect((await readdir(dir)).sort()).toEqual(['probe', 'report.json'])
    } finally {
      sync.mockRestore()
    }
  })

  it('names temporary files so a cassette reader never loads one left by a crash', async () => {
    const file = path.join(dir, 'greet', '0-a__b.json')
    await writeCassette(file, cassetteFor('a/b', 0))
    await writeFile(path.join(dir, 'greet', '.0-a__b.json.123.deadbeef.tmp'), '{"half":')
    expect((await readCassettes(path.join(dir, 'greet'))).map((c) => c.model)).toEqual(['a/b'])
  })
})

describe('serializeCassette', () => {
  it('writes pretty JSON with keys sorted at every depth', () => {
    const text = serializeCassette(cassetteFor('a/b', 0, { z: 1, a: { y: 2, b: 3 } }))
    expect(text.endsWith('}\n')).toBe(true)
    expect(Object.keys(JSON.parse(text) as object)).toEqual([
      'harness',
      'latencyMs',
      'model',
      'recordedAt',
      'request',
      'requestHash',
      'response',
      'scenario',
      'step',
      'version',
    ])
    expect(text).toContain('"body": {\n      "a": {\n        "b": 3,\n        "y": 2\n      },\n      "z": 1\n    }')
  })

  it('scrubs the API key from an answer that echoes it and blanks credential headers in a body', () => {
    const echo = {
      error: {
        code: 401,
        message: `Invalid key ${KEY}`,
        metadata: { headers: { Authorization: `Bearer ${KEY}`, 'Set-Cookie': 'session=abc', 'X-Api-Key': KEY } },
      },
    }
    const text = serializeCassette(cassetteFor('a/b', 0, echo), [KEY])
    expect(text).not.toContain(KEY)
    expect(text).not.toContain('session=abc')
    expect(JSON.parse(text)).toMatchObject({
      response: {
        body: { error: { message: 'Invalid key [REDACTED]', metadata: { headers: { Authorization: '[REDACTED]' } } } },
      },
    })
  })
})

describe('redaction', () => {
  it('scrubs key-shaped strings and bearer tokens even when they are not the key it was given', () => {
    expect(scrubText('use sk-or-v1-0123456789abcdef or Bearer abcdefghijkl', [])).toBe(
      'use [REDACTED] or Bearer [REDACTED]',
    )
    expect(redactSecrets({ cookie: 'a=b', nested: [{ 'x-api-key': 'k' }] }, [])).toEqual({
      cookie: '[REDACTED]',
      nested: [{ 'x-api-key': '[REDACTED]' }],
    })
  })
})

describe('readCassettes', () => {
  it('reads nothing from a folder that does not exist', async () => {
    expect(await readCassettes(path.join(dir, 'absent'))).toEqual([])
  })

  it('rejects an invalid cassette with a sentence naming the file, the field and the fix', async () => {
    await mkdir(path.join(dir, 'greet'))
    const file = path.join(dir, 'greet', '0-a__b.json')
    await writeFile(file, JSON.stringify({ ...cassetteFor('a/b', 0), requestHash: 'nope' }))
    const error = await readCassettes(path.join(dir, 'greet')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).message).toBe(
      `${file}: requestHash: expected 64 lowercase hex digits (SHA-256). Fix: delete the file and run \`cascade-harness record\` again.`,
    )
  })
})

describe('loadCassetteLookup', () => {
  it('finds what was written next to the scenario and reports each step fresh, stale or missing', async () => {
    const scenarioFile = path.join(dir, 'scenarios', 'greet.scenario.json')
    const file = cassettePath(scenarioFile, 'greet', '__cassettes__', 0, 'google/gemini-2.5-flash')
    expect(path.relative(dir, file)).toBe(
      path.join('scenarios', '__cassettes__', 'greet', '0-google__gemini-2.5-flash.json'),
    )
    await writeCassette(file, cassetteFor('google/gemini-2.5-flash', 0))

    const cassettes = await loadCassetteLookup(
      'scenarios/greet.scenario.json',
      'greet',
      { cassettes: '__cassettes__' },
      { cwd: dir },
    )
    expect(cassettes.find('google/gemini-2.5-flash', request)).toMatchObject({ status: 200, latencyMs: 100 })
    expect(cassettes.status(request).map((s) => s.state)).toEqual(['fresh', 'missing'])
    expect(cassettes.status({ ...request, temperature: 1 }).map((s) => s.state)).toEqual(['stale', 'missing'])
    expect(cassettes.status({ ...request, temperature: 1 })[0]!.file).toBe(file)
  })
})

describe('scrubbing credentials from text that reaches a report', () => {
  it('removes the user and password of a URL, whatever its scheme', async () => {
    const { scrubText } = await import('./redact.js')
    expect(scrubText('connect postgres://admin:hunter2@db.internal:5432/app then http://u:p@proxy:8080', [])).toBe(
      'connect postgres://[REDACTED]@db.internal:5432/app then http://[REDACTED]@proxy:8080',
    )
    expect(scrubText('https://openrouter.ai/api/v1 stays as it is', [])).toBe(
      'https://openrouter.ai/api/v1 stays as it is',
    )
  })
})
