import { readdir, readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { canonicalJson } from '../../core/cassette/canonical.js'
import type { Cassette } from '../../core/cassette/schema.js'
import {
  cassetteStatus,
  createCassetteLookup,
  type LoadedCassette,
  type StepCassetteStatus,
} from '../../core/cassette/cassette.js'
import { CASSETTE_FILE_PATTERN, cassetteFileName, safeSegment } from '../../core/cassette/steps.js'
import type { CassetteLookup } from '../../core/emulator/types.js'
import type { ChatRequest } from '../../core/types.js'
import type { Config } from '../../schema/config.js'
import { InputError, type InputProblem } from '../../errors.js'
import { writeFileAtomic, type AtomicWriteOptions } from '../fs/atomic-write.js'
import { redactSecrets, scrubText } from './redact.js'
import { sha256Hex } from './sha256.js'

/**
 * Cassettes on disk: one JSON file per scenario and step,
 * `<scenario dir>/<cassettes folder>/<scenario name>/<step>-<model>.json` (names made safe by
 * `safeSegment`), pretty-printed with sorted keys so a re-record diffs cleanly in review.
 */

/** The folder holding one scenario's cassettes. */
export function scenarioCassetteDir(scenarioFile: string, scenarioName: string, cassettesFolder: string): string {
  return path.join(path.dirname(path.resolve(scenarioFile)), cassettesFolder, safeSegment(scenarioName))
}

/** The file of one step's cassette. */
export function cassettePath(
  scenarioFile: string,
  scenarioName: string,
  cassettesFolder: string,
  step: number,
  model: string,
): string {
  return path.join(scenarioCassetteDir(scenarioFile, scenarioName, cassettesFolder), cassetteFileName(step, model))
}

/**
 * Every cassette in a folder, validated. A missing folder is no cassettes; an unreadable or invalid
 * file is an input error naming the file, the field and the fix (exit 2), never a silent skip.
 */
export async function readCassettes(dir: string): Promise<LoadedCassette[]> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const problems: InputProblem[] = []
  const cassettes: LoadedCassette[] = []
  const files = names.filter((n) => CASSETTE_FILE_PATTERN.test(n)).sort()
  if (files.length === 0) return []
  const { cassetteSchema } = await cassetteSchemaModule()
  for (const name of files) {
    const file = path.join(dir, name)
    let json: unknown
    try {
      json = JSON.parse(await readFile(file, 'utf8'))
    } catch (error) {
      problems.push({
        file,
        path: '',
        problem: `is not valid JSON (${(error as Error).message})`,
        fix: 'delete the file and run `cascade-harness record` again',
      })
      continue
    }
    const parsed = cassetteSchema.safeParse(json)
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push({
          file,
          path: issue.path.join('.') || '(root)',
          problem: issue.message,
          fix: 'delete the file and run `cascade-harness record` again',
        })
      }
      continue
    }
    cassettes.push({ ...parsed.data, file })
  }
  if (problems.length > 0) throw new InputError(problems, 'E_CASSETTE')
  return cassettes
}

/** A scenario's cassettes, ready for the emulator (`find`) and for the stale gate (`status`). */
export interface ScenarioCassettes extends CassetteLookup {
  /** The folder they were read from (it may not exist). */
  readonly dir: string
  readonly cassettes: readonly LoadedCassette[]
  /** For each step of `request`'s cascade: fresh, stale or missing (see core/cassette `cassetteStatus`). */
  status(request: ChatRequest): StepCassetteStatus[]
}

/**
 * Loads a scenario's cassettes and binds them to SHA-256.
 *
 * @example
 * const cassettes = await loadCassetteLookup(loaded.file, scenario.name, config, { cwd })
 * createEmulator({ catalog, plan, seed, options: config.emulator, cassettes })
 * const stale = cassettes.status(scenario.request).filter((s) => s.state === 'stale')
 */
export async function loadCassetteLookup(
  scenarioFile: string,
  scenarioName: string,
  config: Pick<Config, 'cassettes'>,
  options: { cwd?: string } = {},
): Promise<ScenarioCassettes> {
  const file = path.resolve(options.cwd ?? process.cwd(), scenarioFile)
  const dir = scenarioCassetteDir(file, scenarioName, config.cassettes)
  const cassettes = await readCassettes(dir)
  const lookup = createCassetteLookup(cassettes, sha256Hex)
  return {
    dir,
    cassettes,
    find: (model, stepRequest) => lookup.find(model, stepRequest),
    status: (request) => cassetteStatus(request, cassettes, sha256Hex),
  }
}

/**
 * The file text of a cassette: secrets scrubbed, keys sorted at every depth, two-space indent. The
 * final check refuses to return text that still contains a secret, whatever path it took in.
 */
export function serializeCassette(cassette: Cassette, secrets: readonly string[] = []): string {
  const text = `${JSON.stringify(JSON.parse(canonicalJson(redactSecrets(cassette, secrets))), null, 2)}\n`
  const scrubbed = scrubText(text, secrets)
  if (scrubbed !== text)
    throw new Error('a secret survived redaction while serializing a cassette; nothing was written')
  return text
}

/** Writes one cassette atomically (a crash leaves the old file or the new one, never half a file). */
export async function writeCassette(
  file: string,
  cassette: Cassette,
  options: AtomicWriteOptions & { secrets?: readonly string[] } = {},
): Promise<void> {
  await writeFileAtomic(file, serializeCassette(cassette, options.secrets ?? []), options)
}

/**
 * Removes this scenario's cassettes of steps no longer in the cascade (files of `dir` not in `keep`).
 * A file is deleted only when it is proven to be one: it parses as a cassette, names this scenario,
 * and its step and model give its file name. Anything else in the folder (a user's `2024-sales.json`,
 * another scenario's cassette, a corrupt file) is left where it is.
 */
export async function pruneCassettes(dir: string, keep: readonly string[], scenarioName: string): Promise<string[]> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return []
  }
  const kept = new Set(keep.map((f) => path.resolve(f)))
  const removed: string[] = []
  for (const name of names) {
    const file = path.join(dir, name)
    if (!CASSETTE_FILE_PATTERN.test(name) || kept.has(path.resolve(file))) continue
    if (!(await isCassetteOf(file, name, scenarioName))) continue
    await rm(file, { force: true })
    removed.push(file)
  }
  return removed
}

/** The cassette schema is built only where there are cassettes to check: most runs and lints have none. */
function cassetteSchemaModule(): Promise<typeof import('../../core/cassette/schema.js')> {
  return import('../../core/cassette/schema.js')
}

async function isCassetteOf(file: string, name: string, scenarioName: string): Promise<boolean> {
  let json: unknown
  try {
    json = JSON.parse(await readFile(file, 'utf8'))
  } catch {
    return false
  }
  const { cassetteSchema } = await cassetteSchemaModule()
  const parsed = cassetteSchema.safeParse(json)
  return (
    parsed.success &&
    parsed.data.scenario === scenarioName &&
    cassetteFileName(parsed.data.step, parsed.data.model) === name
  )
}
