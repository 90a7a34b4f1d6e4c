import path from 'node:path'
import { availableParallelism } from 'node:os'
import { cascadeOf } from '../core/cascade.js'
import { contextLengthOf, findModel } from '../core/catalog/lookup.js'
import { prepareWindowCount } from '../core/tokens/index.js'
import { hashString } from '../core/random.js'
import { lintRequest } from '../core/lint/index.js'
import { stepChecks } from '../core/plan/request-matrix.js'
import { inShard, type Shard } from '../core/plan/shard.js'
import { loadConfig, type LoadedConfig } from '../adapters/load/load-config.js'
import { loadScenarios, type LoadedScenario } from '../adapters/load/load-scenarios.js'
import { isBuiltInCatalog, resolveCatalog } from '../adapters/catalog/resolve.js'
// Not the cassette-store index: it re-exports the recorder, which loads the emulator.
import { environmentSecrets, scrubText } from '../adapters/cassette-store/redact.js'
import { loadCassetteLookup } from '../adapters/cassette-store/store.js'
import { InputError } from '../errors.js'
import type { Catalog } from '../core/types.js'
import type { Config } from '../schema/config.js'
import type { Report, ScenarioReport } from '../schema/report.js'
import { VERSION } from '../version.js'
import { mapConcurrent } from '../util/map-concurrent.js'
import type { runCase } from './run-case.js'
import type { RunProgress } from './progress.js'
import type { ExecHost } from './exec/host.js'
import { cassetteFindings } from './cassette-findings.js'
import { planProblems } from './plan-problems.js'
import { plansFor } from './scenario-plans.js'
import { describeClient, toCaseReport } from './report/case-report.js'
import { runPassed, scenarioPassed, summarize } from './report/gate.js'
import { scenarioWarnings } from './report/warnings.js'

export interface RunOptions {
  /** What relative paths are relative to (default: process.cwd()). */
  cwd?: string
  /** Scenario files, folders or globs; default: the config's `scenarios`. */
  paths?: string[]
  configPath?: string
  catalogPath?: string
  seed?: number
  /** Only this slice of the cases (`--shard i/n`); lint runs in every shard so each gate sees it. */
  shard?: Shard
  grep?: string
  ci?: boolean
  /** Skip the fault matrix (the `lint` command). */
  lintOnly?: boolean
  /** Strings that must never reach a report (default: every credential in the environment, see environmentSecrets). */
  secrets?: string[]
  /** A config the caller already loaded (the CLI needs it for reporters too). */
  loadedConfig?: LoadedConfig
  /** Cases in flight at once per scenario (default: the config's `concurrency`, else the number of cores). */
  concurrency?: number
  /** Called as scenarios start and cases and scenarios finish. */
  onProgress?: (event: RunProgress) => void
}

export const DEFAULT_SEED = 1

/** The programmatic core of `cascade-harness run`: load, lint, run every plan, and build the report. */
export async function runScenarios(input: RunOptions): Promise<Report> {
  const started = performance.now()
  const options: RunOptions & { cwd: string } = { ...input, cwd: input.cwd ?? process.cwd() }
  const { config, dir: configDir } = options.loadedConfig ?? (await loadConfig({ cwd: options.cwd, configPath: options.configPath }))
  const catalog = await resolveCatalog({ cwd: options.cwd, flag: options.catalogPath, configured: config.catalog, configDir })
  // Running cases needs msw's interceptors, the emulator, answer synthesis and child processes;
  // `lint` loads none of them (start-up: docs/performance.md).
  const [intercept, cases] = options.lintOnly ? [] : await Promise.all([import('../adapters/intercept/index.js'), import('./run-case.js')])
  // Intercept before the user's modules load: an SDK client built at import time then takes the
  // fast fetch path. Stopped again at the end if this run started it, so the host process gets its fetch back.
  const ownsInterception = intercept !== undefined && intercept.runningInterception() === undefined
  const interception = intercept?.startInterception()
  // `{ exec }` clients share one HTTP server, started by the first exec case and closed here.
  const running = cases ? { execHost: lazyExecHost(), runCase: cases.runCase } : undefined
  try {
    return await runLoaded(options, config, configDir, catalog, started, running)
  } finally {
    await running?.execHost.close()
    if (ownsInterception) interception?.stop()
  }
}

async function runLoaded(options: RunOptions & { cwd: string }, config: Config, configDir: string, catalog: Catalog, started: number, running: Running | undefined): Promise<Report> {
  // Paths given on the command line are relative to cwd; the config's globs to the config's folder.
  const fromFlags = options.paths !== undefined && options.paths.length > 0
  const { scenarios } = await loadScenarios(fromFlags ? options.paths! : config.scenarios, { cwd: fromFlags ? options.cwd : configDir, grep: options.grep })
  // Lint and the matrix decide windows synchronously: a prompt near one needs the exact tokenizer first.
  await Promise.all(scenarios.map(({ scenario }) => prepareWindowCount(scenario.request, cascadeOf(scenario.request).map((id) => windowOf(catalog, id)))))
  // Every scenario's plans are checked before any case runs: bad input should cost no run time.
  const problems = scenarios.flatMap((loaded) => planProblems(loaded, catalog, config))
  if (problems.length > 0) throw new InputError(problems, 'E_PLAN')
  const seed = options.seed ?? config.seed ?? DEFAULT_SEED
  const secrets = (options.secrets ?? environmentSecrets(process.env)).filter((secret) => secret.length > 0)
  const context = {
    catalog,
    config,
    seed,
    secrets,
    shard: options.shard,
    lintOnly: options.lintOnly ?? false,
    ci: options.ci ?? false,
    cwd: fromFlags ? options.cwd : configDir,
    running,
    concurrency: options.concurrency ?? config.concurrency ?? availableParallelism(),
    onProgress: options.onProgress ?? (() => {}),
  }

  const reports: ScenarioReport[] = []
  for (const [index, loaded] of scenarios.entries()) {
    const report = await runOneScenario(loaded, { ...context, index, scenarios: scenarios.length })
    reports.push(report)
    context.onProgress({ type: 'scenario-done', index, scenarios: scenarios.length, report })
  }

  return {
    version: 1,
    passed: runPassed(reports),
    tool: { name: 'cascade-harness', version: VERSION },
    seed,
    shard: options.shard ?? null,
    catalog: { source: catalog.source, builtIn: isBuiltInCatalog(catalog), pulledAt: catalog.pulledAt ?? null },
    summary: summarize(reports, Math.round(performance.now() - started)),
    scenarios: reports,
  }
}

interface ScenarioContext {
  catalog: Catalog
  config: Config
  seed: number
  lintOnly: boolean
  ci: boolean
  secrets: readonly string[]
  shard: Shard | undefined
  /** What scenario files are relative to. */
  cwd: string
  /** Undefined for `lint`, which runs no case. */
  running: Running | undefined
  concurrency: number
  onProgress: (event: RunProgress) => void
  /** This scenario's place in the run, for progress. */
  index: number
  scenarios: number
}

interface Running {
  runCase: typeof runCase
  execHost: ExecHost
}

async function runOneScenario(loaded: LoadedScenario, context: ScenarioContext): Promise<ScenarioReport> {
  const started = performance.now()
  const { scenario } = loaded
  const { catalog, config } = context
  const steps = cascadeOf(scenario.request)
  const cassettes = await loadCassetteLookup(loaded.file, scenario.name, config, { cwd: context.cwd })
  const lint = [
    ...lintRequest(scenario.request, catalog, {
      severities: config.lint.rules,
      modelCountsTowardLimit: config.emulator.modelCountsTowardLimit,
      costRatioThreshold: config.lint.costRatioThreshold,
    }),
    ...cassetteFindings(loaded, cassettes, context),
  ]
  const checks = stepChecks(scenario.request, steps, catalog, config.emulator)
  const { plans: allPlans, handWritten } = plansFor(loaded, steps, checks)
  const plans = allPlans.filter((plan) => inShard(context.shard, scenario.name, plan.id))

  const { running } = context
  if (running !== undefined) context.onProgress({ type: 'scenario-start', scenario: scenario.name, file: loaded.file, index: context.index, scenarios: context.scenarios, cases: plans.length })
  const cases = running === undefined
    ? []
    : await mapConcurrent(plans, scenario.client === 'reference' ? 1 : context.concurrency, async (plan) => {
        const caseStarted = performance.now()
        const result = await running.runCase({
          scenario,
          steps,
          plan,
          catalog,
          config,
          seed: hashString(`${context.seed}:${scenario.name}:${plan.id}`),
          cassettes,
          enforceServedBy: handWritten.has(plan.id),
          ...(typeof scenario.client === 'object' ? { exec: { host: running.execHost, cwd: path.resolve(context.cwd, path.dirname(loaded.file)), file: loaded.file } } : {}),
        })
        const report = { ...toCaseReport(plan, result, context.secrets), durationMs: Math.round(performance.now() - caseStarted) }
        context.onProgress({ type: 'case-done', scenario: scenario.name, case: report })
        return report
      })
  return {
    name: scenario.name,
    file: loaded.file,
    passed: scenarioPassed(cases, lint),
    steps,
    client: scrubText(describeClient(scenario.client), context.secrets),
    lint,
    cases,
    warnings: scenarioWarnings(scenario.client, cases),
    durationMs: Math.round(performance.now() - started),
  }
}

function windowOf(catalog: Catalog, id: string): number | undefined {
  const model = findModel(catalog, id)
  return model ? contextLengthOf(model) : undefined
}

/** The exec host (an HTTP server, child processes) loads with the first `{ exec }` case: most runs have none. */
function lazyExecHost(): ExecHost {
  let host: Promise<ExecHost> | undefined
  const started = () => (host ??= import('./exec/host.js').then((m) => m.createExecHost()))
  return {
    runCase: async (setup) => (await started()).runCase(setup),
    close: async () => {
      if (host) await (await host).close()
    },
  }
}
