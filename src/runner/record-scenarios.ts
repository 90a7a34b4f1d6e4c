import path from 'node:path'
import { isBuiltInCatalog } from '../core/catalog/builtin.js'
import type { CostEstimate } from '../core/cassette/cost.js'
import { checkCompletion } from '../core/contract/check-completion.js'
import { loadConfig } from '../adapters/load/load-config.js'
import { loadScenarios } from '../adapters/load/load-scenarios.js'
import { resolveCatalog } from '../adapters/catalog/resolve.js'
import type { RecordStep, StepRecording } from '../adapters/cassette-store/record.js'
import { pruneCassettes, scenarioCassetteDir } from '../adapters/cassette-store/store.js'

export interface RecordScenariosOptions {
  /** What relative paths are relative to. */
  cwd: string
  /** Scenario files, folders or globs; default: the config's `scenarios`. */
  paths?: string[]
  configPath?: string
  catalogPath?: string
  grep?: string
  /** The router's base URL, without a trailing slash. */
  baseUrl: string
  apiKey: string
  concurrency: number
  /** Nothing is sent when the estimated cost is above this. */
  maxCostUsd: number
  /** Told what will be sent, before the budget check and before anything is sent. */
  onPlanned?: (plan: RecordingPlan) => void
  onStepStart?: (step: RecordStep) => void
  onStepDone?: (result: StepRecording) => void
}

export interface RecordingPlan {
  requests: number
  scenarios: number
  estimate: CostEstimate
  /** Prices come from the built-in catalog (no snapshot was found). */
  builtInCatalog: boolean
}

export type RecordOutcome =
  | { kind: 'no-scenarios' }
  | { kind: 'over-budget'; plan: RecordingPlan }
  /** `removed`: cassettes of steps no longer in a cascade whose every step was recorded. */
  | { kind: 'recorded'; plan: RecordingPlan; results: StepRecording[]; removed: string[] }

/**
 * The programmatic core of `cascade-harness record`: sends each scenario's request to each step of its
 * cascade, live, within a cost limit, and saves every answer as a cassette. What to print is the caller's.
 */
export async function recordScenarios(options: RecordScenariosOptions): Promise<RecordOutcome> {
  const { config, dir: configDir } = await loadConfig({ cwd: options.cwd, configPath: options.configPath })
  const catalog = await resolveCatalog({
    cwd: options.cwd,
    flag: options.catalogPath,
    configured: config.catalog,
    configDir,
  })
  // As in `run`: paths given on the command line are relative to cwd; the config's globs to the config's folder.
  const fromFlags = options.paths !== undefined && options.paths.length > 0
  const base = fromFlags ? options.cwd : configDir
  const { scenarios } = await loadScenarios(fromFlags ? options.paths! : config.scenarios, {
    cwd: base,
    grep: options.grep,
  })
  if (scenarios.length === 0) return { kind: 'no-scenarios' }
  const targets = scenarios.map((s) => ({ file: path.resolve(base, s.file), scenario: s.scenario }))
  // Loaded here, not with the package entry: a scenario file that imports `cascade-harness` never records.
  const [{ planRecording, recordSteps }, { estimateRecordingCost }] = await Promise.all([
    import('../adapters/cassette-store/record.js'),
    import('../core/cassette/cost.js'),
  ])
  const steps = planRecording(targets, config.cassettes)

  const plan: RecordingPlan = {
    requests: steps.length,
    scenarios: scenarios.length,
    estimate: estimateRecordingCost(steps, catalog),
    builtInCatalog: isBuiltInCatalog(catalog),
  }
  options.onPlanned?.(plan)
  if (plan.estimate.totalUsd > options.maxCostUsd) return { kind: 'over-budget', plan }

  const results = await recordSteps({
    steps,
    baseUrl: options.baseUrl,
    apiKey: options.apiKey,
    concurrency: options.concurrency,
    check: (request, completion, checkOptions) => checkCompletion(request, completion, checkOptions),
    onStepStart: (step) => options.onStepStart?.(step),
    onStepDone: (result) => options.onStepDone?.(result),
  })
  const removed = await pruneOrphans(targets, results, config.cassettes)
  return { kind: 'recorded', plan, results, removed }
}

/** After a scenario's every step was recorded, its cassettes of steps that left the cascade go. */
async function pruneOrphans(
  targets: ReadonlyArray<{ file: string; scenario: { name: string } }>,
  results: readonly StepRecording[],
  folder: string,
): Promise<string[]> {
  const removed: string[] = []
  for (const target of targets) {
    const mine = results.filter((r) => r.step.file === target.file && r.step.scenario === target.scenario.name)
    if (mine.length === 0 || mine.some((r) => r.written === null)) continue
    removed.push(
      ...(await pruneCassettes(
        scenarioCassetteDir(target.file, target.scenario.name, folder),
        mine.map((r) => r.written as string),
        target.scenario.name,
      )),
    )
  }
  return removed
}
