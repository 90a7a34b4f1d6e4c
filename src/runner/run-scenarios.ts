import { createHash } from 'node:crypto'
import path from 'node:path'
import { availableParallelism } from 'node:os'
import { cascadeOf } from '../core/cascade.js'
import { contextLengthOf, findModel } from '../core/catalog/lookup.js'
import { prepareWindowCount } from '../core/tokens/index.js'
import { hashString } from '../core/random.js'
import { lintScenario } from '../core/lint/index.js'
import { stepChecks } from '../core/plan/request-matrix.js'
import { inShard, type Shard } from '../core/plan/shard.js'
import { loadConfig, type LoadedConfig } from '../adapters/load/load-config.js'
import { loadScenarios, type LoadedScenario } from '../adapters/load/load-scenarios.js'
import { resolveCatalog } from '../adapters/catalog/resolve.js'
import { isBuiltInCatalog } from '../core/catalog/builtin.js'
// Not the cassette-store index: it re-exports the recorder, which loads the emulator.
import { environmentSecrets, scrubText } from '../adapters/cassette-store/redact.js'
import { loadCassetteLookup } from '../adapters/cassette-store/store.js'
import { InputError } from '../errors.js'
import type { Catalog, LintFinding, Plan } from '../core/types.js'
import type { Config } from '../schema/config.js'
import { planTakesTime } from '../core/faults.js'
import type { CaseReport, Report, ScenarioReport } from '../schema/report.js'
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
import { describeUserError, userCodeGuarded } from '../adapters/process/user-code-guard.js'
import { usePlaceholderKeys } from '../adapters/process/placeholder-keys.js'

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
  const session = await openRun(input)
  try {
    const reports = await runPrepared(session.scenarios, input.onProgress ?? (() => {}))
    session.lateUserErrors.sealed = true
    applyLateUserErrors(reports, session.lateUserErrors.errors)
    return {
      version: 1,
      passed: runPassed(reports),
      tool: { name: 'cascade-harness', version: VERSION },
      seed: session.seed,
      shard: input.shard ?? null,
      run: { id: runId(session, input.ci ?? false), ci: input.ci ?? false },
      catalog: {
        source: session.catalog.source,
        builtIn: isBuiltInCatalog(session.catalog),
        pulledAt: session.catalog.pulledAt ?? null,
      },
      summary: summarize(reports, Math.round(performance.now() - started)),
      scenarios: reports,
    }
  } finally {
    await session.close()
  }
}

/**
 * Runs the prepared scenarios' cases and returns their reports in file order. The next scenario starts
 * once this one's working cases are done; its cases that wait on real time (a stall, a timeout) go on
 * beside it. Reports and `scenario-done` keep the scenarios' order. An error a case's run throws is
 * ours (a client's failures are judged, never thrown): no scenario starts after it, and it rejects.
 */
export async function runPrepared(
  scenarios: readonly PreparedScenario[],
  onProgress: (event: RunProgress) => void,
): Promise<ScenarioReport[]> {
  const reports: ScenarioReport[] = []
  let failed = false
  let reported = Promise.resolve()
  for (const [index, prepared] of scenarios.entries()) {
    if (failed) break
    const scenario = startPrepared(prepared, { index, scenarios: scenarios.length, onProgress })
    // A waiting case's error arrives later: it stops the scenarios not started by then.
    scenario.report.catch(() => (failed = true))
    if (!(await scenario.working)) failed = true
    reported = reported.then(async () => {
      const report = await scenario.report
      reports.push(report)
      onProgress({ type: 'scenario-done', index, scenarios: scenarios.length, report })
    })
    // Observed by the `await` below; until then a failing case must not count as an unhandled rejection.
    reported.catch(() => undefined)
  }
  await reported
  return reports
}

/**
 * A client's timer that throws (or a promise that rejects unhandled) after its case was judged would
 * otherwise end the run with a stack trace: its case becomes a crash, and the gate fails.
 */
function applyLateUserErrors(reports: ScenarioReport[], late: readonly LateUserError[]): void {
  for (const { scenario, caseId, error } of late) {
    const report = reports.find((r) => r.name === scenario)
    const found = report?.cases.find((c) => c.id === caseId)
    if (report === undefined || found === undefined) continue
    found.verdict = 'fail'
    found.outcome = 'crashed'
    found.failures.push({
      check: 'crash',
      path: '$',
      message: `${describeUserError(error)} (after its case had ended)`,
    })
    report.passed = false
  }
}

/**
 * The identity of a run that every shard of it computes alike: what decides which cases exist and how
 * they turn out (scenarios with all their plans, seed, catalog, --ci, version), never the shard.
 */
function runId(session: RunSession, ci: boolean): string {
  const hash = createHash('sha256')
  hash.update(JSON.stringify([VERSION, session.seed, ci, session.catalog.models]))
  for (const scenario of session.scenarios) hash.update(`\n${scenario.fingerprint}`)
  return hash.digest('hex').slice(0, 16)
}

/** A run loaded, linted and planned, whose cases run on demand (runScenarios runs them all; the vitest integration one per test). */
export interface RunSession {
  seed: number
  /** Errors clients' code left uncaught after their case ended, as they arrive. */
  lateUserErrors: LateUserErrors
  catalog: Catalog
  scenarios: PreparedScenario[]
  /** Stops the interception (if this session started it) and the exec host. */
  close(): Promise<void>
}

export interface PreparedScenario {
  name: string
  /** As loaded: relative to `dir`, with forward slashes. */
  file: string
  /** The folder `file` is relative to. */
  dir: string
  steps: string[]
  lint: LintFinding[]
  /** The client as the report describes it. */
  client: string
  /** This shard's plans, in matrix order; none for `lint`. */
  plans: Plan[]
  /** What makes this scenario's cases what they are, in every shard alike: name, file, request and every plan. */
  fingerprint: string
  /** In a shard, every case id of the whole run in matrix order (merge restores that order); undefined otherwise. */
  plannedCases: string[] | undefined
  /** Cases of this scenario in flight at once. */
  concurrency: number
  /** The client's deadline per case, in milliseconds. */
  deadlineMs: number
  /** Runs one plan's case and reports it (scrubbed, timed). */
  runPlan(plan: Plan): Promise<CaseReport>
  /** Time spent loading cassettes, linting and planning this scenario. */
  preparedInMs: number
  scenarioClient: LoadedScenario['scenario']['client']
  /** Processes this scenario's exec commands left behind and the host killed, so far. */
  strays(): number
}

/**
 * Everything of a run up to its first case: config, catalog, interception, scenarios, lint, plans.
 * The caller runs the cases (all of them, or those a test filter picks) and closes the session.
 */
export async function openRun(input: RunOptions): Promise<RunSession> {
  // The real keys are read for scrubbing before the placeholders replace them below.
  const options: RunOptions & { cwd: string } = {
    ...input,
    cwd: input.cwd ?? process.cwd(),
    secrets: input.secrets ?? environmentSecrets(process.env),
  }
  const interception = options.lintOnly ? undefined : lazyInterception()
  const { config, dir: configDir } =
    options.loadedConfig ??
    (await loadConfig({ cwd: options.cwd, configPath: options.configPath, beforeUserCode: interception?.start }))
  const catalog = await resolveCatalog({
    cwd: options.cwd,
    flag: options.catalogPath,
    configured: config.catalog,
    configDir,
  })
  // Running cases needs the emulator, answer synthesis and child processes; `lint` loads none of them
  // (start-up: docs/performance.md).
  const cases = options.lintOnly ? undefined : await import('./run-case.js')
  // While scenario modules load and clients run, the environment holds no real key.
  const restoreKeys = options.lintOnly ? () => undefined : usePlaceholderKeys()
  // `{ exec }` clients share one HTTP server, started by the first exec case and closed here.
  const running = cases ? { execHost: lazyExecHost(), runCase: cases.runCase } : undefined
  // What loaded the scenario modules stays registered while their clients run (ModuleLoader.close).
  const loaded = { close: async () => {} }
  const close = async () => {
    await running?.execHost.close()
    await loaded.close()
    restoreKeys()
    interception?.stop()
  }
  try {
    return {
      ...(await prepareLoaded(options, config, configDir, catalog, running, interception?.start, loaded)),
      catalog,
      close,
    }
  } catch (error) {
    await close()
    throw error
  }
}

async function prepareLoaded(
  options: RunOptions & { cwd: string },
  config: Config,
  configDir: string,
  catalog: Catalog,
  running: Running | undefined,
  interceptBeforeUserCode: (() => Promise<void>) | undefined,
  loaded: { close: () => Promise<void> },
): Promise<{ seed: number; scenarios: PreparedScenario[]; lateUserErrors: LateUserErrors }> {
  const lateUserErrors: LateUserErrors = { errors: [], sealed: false }
  // Paths given on the command line are relative to cwd; the config's globs to the config's folder.
  const fromFlags = options.paths !== undefined && options.paths.length > 0
  const { scenarios, close } = await loadScenarios(fromFlags ? options.paths! : config.scenarios, {
    cwd: fromFlags ? options.cwd : configDir,
    grep: options.grep,
    beforeUserCode: interceptBeforeUserCode,
    // `lint` runs no client, so nothing it loaded imports again.
    keepLoaderOpen: running !== undefined,
  })
  loaded.close = close
  // Lint and the matrix decide windows synchronously: a prompt near one needs the exact tokenizer first.
  await Promise.all(
    scenarios.map(({ scenario }) =>
      prepareWindowCount(
        scenario.request,
        cascadeOf(scenario.request).map((id) => windowOf(catalog, id)),
      ),
    ),
  )
  // Every scenario's plans are checked before any case runs: bad input should cost no run time.
  const problems = scenarios.flatMap((loaded) => planProblems(loaded, catalog, config))
  if (problems.length > 0) throw new InputError(problems, 'E_PLAN')
  const seed = options.seed ?? config.seed ?? DEFAULT_SEED
  const secrets = (options.secrets ?? environmentSecrets(process.env)).filter((secret) => secret.length > 0)
  const context: ScenarioContext = {
    catalog,
    config,
    seed,
    secrets,
    shard: options.shard,
    ci: options.ci ?? false,
    cwd: fromFlags ? options.cwd : configDir,
    running,
    concurrency: options.concurrency ?? config.concurrency ?? availableParallelism(),
    lateUserErrors,
  }
  const prepared: PreparedScenario[] = []
  for (const loaded of scenarios) prepared.push(await prepareScenario(loaded, context))
  return { seed, scenarios: prepared, lateUserErrors }
}

interface ScenarioContext {
  catalog: Catalog
  config: Config
  seed: number
  ci: boolean
  secrets: readonly string[]
  shard: Shard | undefined
  /** What scenario files are relative to. */
  cwd: string
  /** Undefined for `lint`, which runs no case. */
  running: Running | undefined
  concurrency: number
  /** Errors clients' code left uncaught after their case ended (see applyLateUserErrors). */
  lateUserErrors: LateUserErrors
}

/** Sealed once the report is made: later errors are the CLI guard's to report. */
export interface LateUserErrors {
  errors: LateUserError[]
  sealed: boolean
}

export interface LateUserError {
  scenario: string
  caseId: string
  error: unknown
}

interface Running {
  runCase: typeof runCase
  execHost: ExecHost
}

async function prepareScenario(loaded: LoadedScenario, context: ScenarioContext): Promise<PreparedScenario> {
  const started = performance.now()
  const { scenario } = loaded
  const { catalog, config, running } = context
  const steps = cascadeOf(scenario.request)
  const cassettes = await loadCassetteLookup(loaded.file, scenario.name, config, { cwd: context.cwd })
  const lint = [...lintScenario(scenario, catalog, config), ...cassetteFindings(loaded, cassettes, context)]
  const checks = stepChecks(scenario.request, steps, catalog, config.emulator)
  const { plans: allPlans, handWritten } = plansFor(loaded, steps, checks)
  const plans = running === undefined ? [] : allPlans.filter((plan) => inShard(context.shard, scenario.name, plan.id))
  // Counted per scenario (not over a time window): a scenario's waiting cases may still run while the next one starts.
  let strays = 0
  const runPlan = async (plan: Plan): Promise<CaseReport> => {
    if (running === undefined) throw new Error('a lint-only run runs no case')
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
      onLateUserError: (error) => {
        if (context.lateUserErrors.sealed) return false
        context.lateUserErrors.errors.push({ scenario: scenario.name, caseId: plan.id, error })
        return true
      },
      ...(typeof scenario.client === 'object'
        ? {
            exec: {
              host: running.execHost,
              cwd: path.resolve(context.cwd, path.dirname(loaded.file)),
              file: loaded.file,
              onStrays: (count: number) => (strays += count),
            },
          }
        : {}),
    })
    return { ...toCaseReport(plan, result, context.secrets), durationMs: Math.round(performance.now() - caseStarted) }
  }
  return {
    name: scenario.name,
    file: loaded.file,
    dir: context.cwd,
    steps,
    lint,
    client: scrubText(describeClient(scenario.client), context.secrets),
    plans,
    fingerprint: JSON.stringify([scenario.name, loaded.file, scenario.request, allPlans.map((p) => [p.id, p.at])]),
    plannedCases: context.shard !== undefined && running !== undefined ? allPlans.map((p) => p.id) : undefined,
    // Concurrent for every client: cases that take real time (a timeout, a stall up to the deadline) overlap.
    concurrency: context.concurrency,
    deadlineMs: scenario.deadlineMs ?? config.deadlineMs,
    runPlan,
    preparedInMs: performance.now() - started,
    scenarioClient: scenario.client,
    strays: () => strays,
  }
}

/**
 * Starts a scenario's cases: `working` resolves when the cases that do not wait on real time are done (false when one threw),
 * `report` when every case is.
 */
function startPrepared(
  prepared: PreparedScenario,
  progress: { index: number; scenarios: number; onProgress: (event: RunProgress) => void },
): { working: Promise<boolean>; report: Promise<ScenarioReport> } {
  const started = performance.now()
  const running = prepared.plans.length > 0
  if (running)
    progress.onProgress({
      type: 'scenario-start',
      scenario: prepared.name,
      file: prepared.file,
      index: progress.index,
      scenarios: progress.scenarios,
      cases: prepared.plans.length,
    })
  const runOne = async (plan: Plan) => {
    const report = await prepared.runPlan(plan)
    progress.onProgress({ type: 'case-done', scenario: prepared.name, case: report })
    return report
  }
  // A case that meets a stall or a timeout mostly waits: those start first, in a pool of their own beside the
  // `concurrency` pool, so their waits overlap the other cases instead of adding to the run (README "The default matrix").
  const cases = new Array<CaseReport>(prepared.plans.length)
  const indices = prepared.plans.map((_, index) => index)
  const waiting = indices.filter((index) => planTakesTime(prepared.plans[index]!.at))
  const working = indices.filter((index) => !planTakesTime(prepared.plans[index]!.at))
  const runAt = async (index: number) => {
    cases[index] = await runOne(prepared.plans[index]!)
  }
  const waited = mapConcurrent(waiting, prepared.concurrency, runAt)
  const worked = mapConcurrent(working, prepared.concurrency, runAt)
  // A rejection is the report's to carry; `working` says when the next scenario may start, and whether
  // the working cases ended without an error.
  // runPrepared observes a rejection as soon as this returns (it stops the scenarios not started yet).
  const report = Promise.all([waited, worked]).then(() => scenarioReport(prepared, cases, started))
  return {
    working: worked.then(
      () => true,
      () => false,
    ),
    report,
  }
}

function scenarioReport(prepared: PreparedScenario, cases: CaseReport[], started: number): ScenarioReport {
  return {
    name: prepared.name,
    file: prepared.file,
    passed: scenarioPassed(cases, prepared.lint),
    steps: prepared.steps,
    client: prepared.client,
    lint: prepared.lint,
    cases,
    ...(prepared.plannedCases ? { plannedCases: prepared.plannedCases } : {}),
    warnings: [...scenarioWarnings(prepared.scenarioClient, cases), ...strayWarning(prepared.strays())],
    durationMs: Math.round(prepared.preparedInMs + performance.now() - started),
  }
}

function windowOf(catalog: Catalog, id: string): number | undefined {
  const model = findModel(catalog, id)
  return model ? contextLengthOf(model) : undefined
}

/** Processes an exec command left behind are killed; the reader learns the command leaks them. */
function strayWarning(count: number): string[] {
  if (count === 0) return []
  return [
    `the exec command left ${count} process${count === 1 ? '' : 'es'} running after it ended (a background job, a setsid daemon); the harness killed ${count === 1 ? 'it' : 'them'}, as it kills every process a command starts when its case ends`,
  ]
}

/**
 * The run's interception (msw's interceptors and the guards of raw sockets, worker threads and child
 * processes), started before the first user module (a TypeScript or JavaScript config or scenario)
 * is imported: no user code runs without it, and an SDK client built at import time takes the fast
 * fetch path. A run of JSON or YAML scenarios with the reference or `{ exec }` clients imports no user
 * code in this process (the reference client is given the emulator's fetch; exec commands run in their
 * own process, behind the exec host), so it never loads or starts it.
 *
 * Stopped at the end if this run started it, so the host process (a test file) gets its fetch back;
 * in the CLI's own process (the user-code guard is on) it stays until the process exits, so a client's
 * timer that fires a request after the report still reaches no network.
 */
function lazyInterception(): { start: () => Promise<void>; stop: () => void } {
  let started: Promise<void> | undefined
  let stop: (() => void) | undefined
  return {
    start: () =>
      (started ??= import('../adapters/intercept/index.js').then((intercept) => {
        const owned = intercept.runningInterception() === undefined && !userCodeGuarded()
        const interception = intercept.startInterception()
        if (owned) stop = () => interception.stop()
      })),
    stop: () => stop?.(),
  }
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
