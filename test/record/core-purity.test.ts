import { readdir, readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const CASSETTE_CORE = fileURLToPath(new URL('../../src/core/cassette/', import.meta.url))

describe('src/core/cassette', () => {
  it('imports no node:* module, msw or adapter, so the emulator stays a pure function', async () => {
    const files = (await readdir(CASSETTE_CORE)).filter((f) => f.endsWith('.ts'))
    expect(files.length).toBeGreaterThan(0)
    for (const file of files) {
      const text = await readFile(path.join(CASSETTE_CORE, file), 'utf8')
      const specifiers = [...text.matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!)
      const impure = specifiers.filter((s) => s.startsWith('node:') || s === 'msw' || s.startsWith('msw/') || s.includes('/adapters/'))
      expect(impure, file).toEqual([])
    }
  })
})
