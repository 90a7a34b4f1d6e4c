import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Report } from '../schema/report.js'
import type { RenderOptions } from '../reporters/types.js'
import type { CliIO } from './io.js'

/**
 * The repository a run belongs to, for annotation paths: GITHUB_WORKSPACE on GitHub Actions, else the
 * nearest folder up from the current one with a `.git` (a folder, or a file in a worktree).
 */
export function repositoryRoot(io: CliIO): string | undefined {
  if (io.env.GITHUB_WORKSPACE) return path.resolve(io.env.GITHUB_WORKSPACE)
  for (let dir = path.resolve(io.cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir
    if (path.dirname(dir) === dir) return undefined
  }
}

/**
 * Reads each scenario file of the report once and answers "which line holds this field". Scenario
 * paths in a report are relative to where the run looked for them: the current folder, else the
 * config's folder. A file that cannot be read gets no line (the annotation still names the file).
 */
export async function scenarioLocator(
  report: Report,
  roots: readonly string[],
): Promise<NonNullable<RenderOptions['locate']>> {
  const { locateField, parseFieldPath } = await import('../reporters/locate.js')
  const texts = new Map<string, string | undefined>()
  for (const { file } of report.scenarios) {
    if (texts.has(file)) continue
    let text: string | undefined
    for (const root of roots) {
      text = await readFile(path.resolve(root, file), 'utf8').catch(() => undefined)
      if (text !== undefined) break
    }
    texts.set(file, text)
  }
  return (file, scenario, fieldPath, value) => {
    const text = texts.get(file)
    if (text === undefined) return undefined
    try {
      return locateField(text, file, scenario, parseFieldPath(fieldPath, value))
    } catch {
      return undefined // a line number is a help, never a reason to fail the report
    }
  }
}
