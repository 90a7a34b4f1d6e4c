import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll } from 'vitest'
import { InputError } from '../../../errors.js'

export const FIXTURES = fileURLToPath(new URL('./projects/', import.meta.url))
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url))

const created: string[] = []
afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true })
})

/** A throwaway project folder with these files (paths relative to it); removed after the file's tests. */
export function tempProject(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cascade-load-'))
  created.push(dir)
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    writeFileSync(path.join(dir, name), content)
  }
  return dir
}

/** The sentences of the InputError a load rejects with (fails the test if it resolves or throws anything else). */
export async function sentencesOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (error instanceof InputError) return error.message
    throw error
  }
  throw new Error('expected the load to fail with an InputError')
}

/** A minimal valid scenario as JSON text. */
export function scenarioJson(name: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    name,
    request: { models: ['openai/gpt-4.1-mini'], messages: [{ role: 'user', content: 'hi' }] },
    ...extra,
  })
}
