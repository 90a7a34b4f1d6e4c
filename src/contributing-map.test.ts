import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const SRC = fileURLToPath(new URL('./', import.meta.url))
const CONTRIBUTING = fileURLToPath(new URL('../CONTRIBUTING.md', import.meta.url))

/** The paths in the first column of CONTRIBUTING.md's map of `src/` (a cell may name several). */
function mappedPaths(): string[] {
  const text = readFileSync(CONTRIBUTING, 'utf8')
  const map = text.slice(text.indexOf('## Map of `src/`'), text.indexOf('\n## ', text.indexOf('## Map of `src/`') + 1))
  return map
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!))
}

/** Source files a reader would look for: not tests, fixtures or test support. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === '__fixtures__' ? [] : sourceFiles(full)
    const skip = !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts') || entry.name === 'test-support.ts'
    return skip ? [] : [path.relative(SRC, full).split(path.sep).join('/')]
  })
}

describe("CONTRIBUTING.md's map of src/", () => {
  const paths = mappedPaths()

  it('names only paths that exist', () => {
    expect(paths.length).toBeGreaterThan(10)
    expect(paths.filter((p) => !existsSync(path.join(SRC, p)))).toEqual([])
  })

  it('has a row for every source file, by its own path or its folder', () => {
    const covered = (file: string) => paths.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p))
    expect(sourceFiles(SRC).filter((file) => !covered(file))).toEqual([])
  })
})
