import { InputError, type InputProblem } from '../../errors.js'
import { mapConcurrent } from '../../util/map-concurrent.js'
import { scenarioSchema, type Scenario } from '../../schema/scenario.js'
import { findFiles } from './find-files.js'
import { createModuleLoader, type ImportResult, type ModuleLoader } from './import-module.js'
import { jsonPath } from '../../core/json-path.js'
import { parseWithProblems } from './zod-problems.js'
import { safeSegment } from '../../core/cassette/steps.js'

export interface LoadedScenario {
  /** The scenario's file, relative to cwd with forward slashes (what reports show). */
  file: string
  scenario: Scenario
}

export interface LoadScenariosOptions {
  /** Paths, folders and globs are relative to it; so are the files in sentences and reports. */
  cwd: string
  /** A regular expression matched against scenario names; only matching scenarios are returned. */
  grep?: string | undefined
  /** Awaited before a `.ts`/`.js` scenario file is imported (see ModuleLoaderOptions.beforeUserCode). */
  beforeUserCode?: (() => Promise<void>) | undefined
  /**
   * Keep the TypeScript loader registered until the caller calls `close` (a run: a client may import
   * a module when its case runs). Otherwise it is unregistered once the files are loaded (ModuleLoader.close).
   */
  keepLoaderOpen?: boolean
}

/** What a run looks at when the user names no path (the config's `scenarios` globs, when the caller has a config). */
import { DEFAULT_SCENARIO_PATHS } from '../../schema/defaults.js'

/** Files imported at once: app modules are shared, so this bounds memory more than time. */
const CONCURRENCY = 8

/**
 * Finds, imports and validates scenario files. A file's default export (`module.exports`, the JSON
 * or YAML root) is one scenario or a list of them. Every problem in every file is collected first,
 * then thrown together as one InputError (exit 2), so a user fixes a broken suite in one pass.
 *
 * @example
 * ```ts
 * const { scenarios } = await loadScenarios(['scenarios/'], { cwd: process.cwd(), grep: 'invoice' })
 * for (const { file, scenario } of scenarios) console.log(file, scenario.name)
 * ```
 */
export async function loadScenarios(
  paths: readonly string[],
  options: LoadScenariosOptions,
): Promise<{ scenarios: LoadedScenario[]; close: () => Promise<void> }> {
  const loader = createModuleLoader({ cwd: options.cwd, beforeUserCode: options.beforeUserCode })
  try {
    const scenarios = await loadWith(loader, paths, options)
    if (!options.keepLoaderOpen) await loader.close()
    return { scenarios, close: () => loader.close() }
  } catch (error) {
    await loader.close()
    throw error
  }
}

async function loadWith(
  loader: ModuleLoader,
  paths: readonly string[],
  options: LoadScenariosOptions,
): Promise<LoadedScenario[]> {
  const problems: InputProblem[] = []
  const grep = compileGrep(options.grep, problems)
  const { files, problems: pathProblems } = await findFiles(paths.length > 0 ? paths : DEFAULT_SCENARIO_PATHS, {
    cwd: options.cwd,
  })
  problems.push(...pathProblems)

  const perFile = await mapConcurrent(files, CONCURRENCY, async ({ absolutePath, file }) =>
    toScenarios(await loader.load(absolutePath, file), file),
  )

  const loaded: LoadedScenario[] = []
  const seen = new Map<string, string>()
  for (const result of perFile) {
    problems.push(...result.problems)
    for (const { scenario, prefix } of result.scenarios) {
      const earlier = seen.get(scenario.name)
      if (earlier !== undefined) {
        problems.push({
          file: result.file,
          path: jsonPath([...prefix, 'name'], ''),
          problem: `the name ${JSON.stringify(scenario.name)} is already used by ${earlier === result.file ? 'another scenario in this file' : earlier}`,
          fix: 'give each scenario its own name (reports, --grep and cassettes refer to scenarios by name)',
        })
        continue
      }
      seen.set(scenario.name, result.file)
      loaded.push({ file: result.file, scenario })
    }
  }
  problems.push(...cassetteFolderCollisions(loaded))
  if (problems.length > 0) throw new InputError(problems, 'E_SCENARIO')

  const selected = grep ? loaded.filter(({ scenario }) => grep.test(scenario.name)) : loaded
  if (grep && selected.length === 0) {
    const names = loaded.map(({ scenario }) => scenario.name)
    throw new InputError(
      [
        {
          file: '--grep',
          path: '',
          problem: `${JSON.stringify(options.grep)} matches no scenario name`,
          fix: `match one of ${names.map((n) => JSON.stringify(n)).join(', ')}`,
        },
      ],
      'E_SCENARIO',
    )
  }
  return selected
}

/**
 * Cassettes live in `<scenario folder>/<cassettes>/<safe name>/`: two scenarios of one folder whose
 * names become the same safe name ("inv v1", "inv-v1"; "Inv" and "inv" on a case-insensitive disk)
 * would read, and `record` overwrite and prune, each other's cassettes.
 */
function cassetteFolderCollisions(loaded: readonly LoadedScenario[]): InputProblem[] {
  const problems: InputProblem[] = []
  const owners = new Map<string, LoadedScenario>()
  for (const entry of loaded) {
    const folder = entry.file.includes('/') ? entry.file.slice(0, entry.file.lastIndexOf('/')) : '.'
    const key = `${folder}\u0000${safeSegment(entry.scenario.name).toLowerCase()}`
    const owner = owners.get(key)
    if (owner === undefined) {
      owners.set(key, entry)
      continue
    }
    problems.push({
      file: entry.file,
      path: 'name',
      problem: `the scenario name ${JSON.stringify(entry.scenario.name)} and ${JSON.stringify(owner.scenario.name)} (${owner.file}) map to one cassette folder, "${safeSegment(entry.scenario.name)}", so their cassettes would overwrite each other`,
      fix: 'rename one so they differ in a letter or digit, not only in spaces, punctuation or case',
    })
  }
  return problems
}

interface FileResult {
  file: string
  scenarios: { scenario: Scenario; prefix: (string | number)[] }[]
  problems: InputProblem[]
}

function toScenarios(imported: ImportResult, file: string): FileResult {
  if (!imported.success) return { file, scenarios: [], problems: [imported.problem] }
  if (!imported.hasDefault) {
    return {
      file,
      scenarios: [],
      problems: [
        {
          file,
          path: '',
          problem: 'has no default export',
          fix: 'add `export default defineScenario({ name, request, ... })` (or a list of scenarios)',
        },
      ],
    }
  }
  const value = imported.value
  const entries: { value: unknown; prefix: (string | number)[] }[] = Array.isArray(value)
    ? value.map((item, index) => ({ value: item, prefix: [index] }))
    : [{ value, prefix: [] }]
  if (entries.length === 0)
    return {
      file,
      scenarios: [],
      problems: [{ file, path: '', problem: 'exports an empty list', fix: 'export at least one scenario' }],
    }

  const result: FileResult = { file, scenarios: [], problems: [] }
  for (const entry of entries) {
    const parsed = parseWithProblems(scenarioSchema, entry.value, { file, subject: 'scenario', prefix: entry.prefix })
    // The schema checks the request's shape loosely; `Scenario` narrows it to the ChatRequest type.
    if (parsed.success) result.scenarios.push({ scenario: parsed.data as Scenario, prefix: entry.prefix })
    else result.problems.push(...parsed.problems)
  }
  return result
}

function compileGrep(grep: string | undefined, problems: InputProblem[]): RegExp | undefined {
  if (grep === undefined || grep === '') return undefined
  try {
    return new RegExp(grep)
  } catch (error) {
    const reason = (error as Error).message.replace(/^Invalid regular expression: /, '')
    problems.push({
      file: '--grep',
      path: '',
      problem: `${JSON.stringify(grep)} is not a valid regular expression (${reason})`,
      fix: 'escape special characters with a backslash, for example \\(',
    })
    return undefined
  }
}
