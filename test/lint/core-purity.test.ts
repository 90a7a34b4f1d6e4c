import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const LINT_DIR = fileURLToPath(new URL('../../src/core/lint/', import.meta.url))

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  )
}

describe('core/lint', () => {
  it('imports no node:* module, msw or adapter: lint stays pure', () => {
    const offenders = sources(LINT_DIR).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)]
        .map((m) => m[1]!)
        .filter((specifier) => specifier.startsWith('node:') || specifier.startsWith('msw') || specifier.includes('/adapters/'))
        .map((specifier) => `${file.slice(LINT_DIR.length)}: ${specifier}`),
    )
    expect(offenders).toEqual([])
  })
})
