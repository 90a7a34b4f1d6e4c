import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const CORE = fileURLToPath(new URL('./', import.meta.url))

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')
        ? [join(dir, entry.name)]
        : [],
  )
}

describe('src/core', () => {
  it('imports no node:* module, msw, or adapter: the core is plain functions over data', () => {
    const offenders = sources(CORE).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)]
        .map((m) => m[1]!)
        .filter(
          (specifier) =>
            specifier.startsWith('node:') ||
            specifier.startsWith('msw') ||
            specifier.startsWith('@mswjs') ||
            /\/(adapters|runner|cli|reporters|clients|util)\//.test(specifier) ||
            /\/version\.js$/.test(specifier),
        )
        .map((specifier) => `${file.slice(CORE.length)}: ${specifier}`),
    )
    expect(offenders).toEqual([])
  })

  it('keeps the emulator, the catalog and the schema facts free of lint: lint reads them, never the other way', () => {
    const offenders = ['emulator', 'catalog', 'portability'].flatMap((dir) =>
      sources(join(CORE, dir)).flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)]
          .map((m) => m[1]!)
          .filter((specifier) => /(^|\/)lint\//.test(specifier))
          .map((specifier) => `${file.slice(CORE.length)}: ${specifier}`),
      ),
    )
    expect(offenders).toEqual([])
  })

  it('loads nothing through a computed import() but the pure-JS tokenizer, by name', () => {
    const computed = sources(CORE).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\bimport\(\s*([^'"\s)][^)]*)\)/g)].map(
        (m) => `${file.slice(CORE.length)}: import(${m[1]})`,
      ),
    )
    expect(computed).toEqual(['tokens/index.ts: import(TOKENIZER_MODULE)'])
    expect(readFileSync(join(CORE, 'tokens/index.ts'), 'utf8')).toMatch(/const TOKENIZER_MODULE = 'gpt-tokenizer[^']*'/)
  })

  it("reaches Node's built-ins only to require the pure-JS schema validator lazily, in one place", () => {
    // process.getBuiltinModule is a node:* import by another name: it is allowed only where ajv is loaded on
    // first use (a start-up saving), so any other use fails here instead of slipping past the rule above.
    const users = sources(CORE).filter((file) => /\bgetBuiltinModule\b/.test(readFileSync(file, 'utf8')))
    expect(users.map((file) => file.slice(CORE.length))).toEqual(['contract/schema-validator.ts'])
    const source = readFileSync(join(CORE, 'contract/schema-validator.ts'), 'utf8')
    const required = [...source.matchAll(/\brequire\('([^']+)'\)/g)].map((m) => m[1])
    expect(required).toEqual(['ajv', 'ajv/dist/2019.js', 'ajv/dist/2020.js', 'ajv-formats'])
  })
})
