import path from 'node:path'
import { cascadeOf } from '../core/cascade.js'
import { generateMatrix } from '../core/plan/matrix.js'
import { hashString } from '../core/random.js'
import { lintRequest } from '../core/lint/index.js'
import { stepChecks, type StepChecks } from '../core/plan/request-matrix.js'
import { inShard, type Shard } from '../core/plan/shard.js'
import { listSteps, unknownStepKeys } from '../core/plan/plan-keys.js'
import { loadConfig, type LoadedConfig } from '../adapters/load/load-config.js'
import { loadScenarios, type LoadedScenario } from '../adapters/load/load-scenarios.js'
import { isBuiltInCatalog, resolveCatalog } from '../adapters/catalog/resolve.js'
import { environmentSecrets, loadCassetteLookup, scrubText, type ScenarioCassettes } from '../adapters/cassette-store/index.js'
import { InputError, type InputProblem } from '../errors.js'
import { didYouMean } from '../core/did-you-mean.js'
import type { PlanInput } from '../schema/scenario.js'
import { runningInterception, startInterception } from '../adapters/intercept/index.js'
import type { Catalog, LintFinding, Plan } from '../core/types.js'
import type { Config } from '../schema/config.js'
import type { CaseReport, Report, ScenarioReport } from '../schema/report.js'
import { VERSION } from '../version.js'
import { expectedServedBy } from './expected-server.js'
import { mapConcurrent } from '../util/map-concurrent.js'
import { runCase, type CaseResult } from './run-case.js'
import { createExecHost, type ExecHost } from './exec-client.js'

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
}

export const DEFAULT_SEED = 1

/** The programmatic core of `cascade-harness run`: load, lint, run every plan, and build the report. */
export async function runScenarios(input: RunOptions): Promise<Report> {
  const started = performance.now()
  const options: RunOptions & { cwd: string } = { ...input, cwd: input.cwd ?? process.cwd() }
  const { config, dir: configDir } = options.loadedConfig ?? (await loadConfig({ cwd: options.cwd, configPath: options.configPath }))
  const catalog = await resolveCatalog({ cwd: options.cwd, flag: options.catalogPath, configured: config.catalog, configDir })
  // Intercept before the user's modules load: an SDK client built at import time then takes the
  // fast fetch path. Stopped again at the end if this run started it, so the host process gets its fetch back.
  const ownsInterception = !options.lintOnly && runningInterception() === undefined
  const interception = options.lintOnly ? undefined : startInterception()
  // `{ exec }` clients share one HTTP server, started by the first exec case and closed here.
  const execHost = createExecHost()
  try {
    return await runLoaded(options, config, configDir, catalog, started, execHost)
  } finally {
    await execHost.close()
    if (ownsInterception) interception?.stop()
  }
}

async function runLoaded(options: RunOptions & { cwd: string }, config: Config, configDir: string, catalog: Catalog, started: number, execHost: ExecHost): Promise<Report> {
  // Paths given on the command line are relative to cwd; the config's globs to the config's folder.
  const fromFlags = options.paths !== undefined && options.paths.length > 0
  const { scenarios } = await loadScenarios(fromFlags ? options.paths! : config.scenarios, { cwd: fromFlags ? options.cwd : configDir, grep: options.grep })
  // Every scenario's plans are checked before any case runs: bad input should cost no run time.
  const planProblems = scenarios.flatMap((loaded) => [...handWrittenPlanProblems(loaded), ...selectorProblems(loaded, catalog, config)])
  if (planProblems.length > 0) throw new InputError(planProblems, 'E_PLAN')
  const seed = options.seed ?? config.seed ?? DEFAULT_SEED
  const secrets = (options.secrets ?? environmentSecrets(process.env)).filter((secret) => secret.length > 0)
  const context = { catalog, config, seed, secrets, shard: options.shard, lintOnly: options.lintOnly ?? false, ci: options.ci ?? false, cwd: fromFlags ? options.cwd : configDir, execHost }

  const reports: ScenarioReport[] = []
  for (const loaded of scenarios) reports.push(await runOneScenario(loaded, context))

  const cases = reports.flatMap((r) => r.cases)
  const lint = reports.flatMap((r) => r.lint)
  const count = (severity: LintFinding['severity']) => lint.filter((f) => f.severity === severity).length
  return {
    version: 1,
    passed: reports.every((r) => r.passed),
    tool: { name: 'cascade-harness', version: VERSION },
    seed,
    shard: options.shard ?? null,
    catalog: { source: catalog.source, builtIn: isBuiltInCatalog(catalog), pulledAt: catalog.pulledAt ?? null },
    summary: {
      scenarios: reports.length,
      cases: cases.length,
      passed: cases.filter((c) => c.verdict === 'pass').length,
      failed: cases.filter((c) => c.verdict === 'fail').length,
      lint: { error: count('error'), warning: count('warning'), info: count('info') },
      durationMs: Math.round(performance.now() - started),
    },
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
  const warnings: string[] = []

  const cases = context.lintOnly
    ? []
    : await mapConcurrent(plans, scenario.client === 'reference' ? 1 : config.concurrency, async (plan) => {
        const result = await runCase({
          scenario,
          steps,
          plan,
          catalog,
          config,
          seed: hashString(`${context.seed}:${scenario.name}:${plan.id}`),
          cassettes,
          enforceServedBy: handWritten.has(plan.id),
          ...(typeof scenario.client === 'object' ? { exec: { host: context.execHost, cwd: path.resolve(context.cwd, path.dirname(loaded.file)), file: loaded.file } } : {}),
        })
        return toCaseReport(plan, result, context.secrets)
      })
  if (cases.some((c) => c.answerSource === 'synthesized')) {
    warnings.push('answers were synthesized (no real recorded answer): they prove the plumbing, not that each model answers in this shape; run `cascade-harness record` against the router once to replay real answers')
  }
  if (scenario.client === 'reference' && cases.some((c) => c.verdict === 'fail' && c.plan.layer === 'answer')) {
    warnings.push(
      'the reference client is a plain fetch client that repairs and refuses nothing, so answer-quirk cases fail with it by design: set `client` to your own code, allow refusals with expect.allowRefusal, or leave cases out with faults: { exclude: [...] } (a fault name or a case id)',
    )
  }
  return {
    name: scenario.name,
    file: loaded.file,
    passed: cases.every((c) => c.verdict === 'pass') && lint.every((f) => f.severity !== 'error'),
    steps,
    client: scrubText(describeClient(scenario.client), context.secrets),
    lint,
    cases,
    warnings,
    durationMs: Math.round(performance.now() - started),
  }
}

/**
 * Stale cassettes (the request changed since recording) fail the gate in CI and warn locally;
 * missing ones follow `missingCassette` in CI. Reported as findings so every reporter shows them.
 */
function cassetteFindings(loaded: LoadedScenario, cassettes: ScenarioCassettes, context: ScenarioContext): LintFinding[] {
  const findings: LintFinding[] = []
  const rerecord = `run \`cascade-harness record ${loaded.file} --grep '^${loaded.scenario.name}$'\` and commit the new cassettes`
  const statuses = cassettes.status(loaded.scenario.request)
  for (const status of statuses.filter((s) => s.state === 'stale')) {
    findings.push({
      rule: 'stale-cassette',
      severity: context.ci ? 'error' : 'warning',
      step: status.step,
      path: 'request',
      message: `scenario "${loaded.scenario.name}": step ${status.step + 1} (${status.model}) has a stale cassette${status.changed.length > 0 ? `: ${status.changed.slice(0, 3).join(', ')} changed` : ''} since it was recorded${status.recordedAt ? ` on ${status.recordedAt.slice(0, 10)}` : ''}; its recorded answer is no longer evidence for this request`,
      fix: rerecord,
    })
  }
  // A cassette an emulator answered (recorded from `serve`) is no real answer: it counts as missing.
  const synthetic = new Set(cassettes.cassettes.filter((c) => c.synthetic).map((c) => `${c.model}\u0000${c.requestHash}`))
  const missing = statuses.filter((s) => s.state === 'missing' || (s.state === 'fresh' && synthetic.has(`${s.model}\u0000${s.recordedHash}`)))
  const setting = context.config.missingCassette
  if (context.ci && setting !== 'ignore' && missing.length > 0) {
    findings.push({
      rule: 'missing-cassette',
      severity: setting === 'fail' ? 'error' : 'warning',
      step: missing.length === 1 ? (missing[0]?.step ?? null) : null,
      path: 'request',
      message: `scenario "${loaded.scenario.name}" has no real recorded answer for ${missing.map((s) => `step ${s.step + 1} (${s.model})${s.state === 'fresh' ? ' (its cassette was answered by an emulator)' : ''}`).join(', ')}: those steps are judged on synthesized answers`,
      fix: rerecord,
    })
  }
  return applySeverities(findings, context.config.lint.rules)
}

/** `lint.rules` governs these findings as it does lint's own: a severity, or 'off' to drop them. */
function applySeverities(findings: LintFinding[], rules: Record<string, 'error' | 'warning' | 'info' | 'off'>): LintFinding[] {
  return findings.flatMap((finding) => {
    const override = rules[finding.rule]
    if (override === 'off') return []
    return override === undefined ? [finding] : [{ ...finding, severity: override }]
  })
}

function plansFor(
  loaded: LoadedScenario,
  steps: string[],
  facts: StepChecks,
): { plans: Plan[]; handWritten: Set<string> } {
  const { scenario } = loaded
  const faults = scenario.faults
  const handPlans = Array.isArray(faults) ? faults : faults === 'matrix' ? [] : (faults.plans ?? [])
  const written: Plan[] = handPlans.map((p) => ({
    id: p.name,
    title: 'hand-written plan',
    at: p.at,
    expect: { servedBy: p.expect?.servedBy !== undefined ? p.expect.servedBy : expectedServedBy(p.at, steps, facts.canServe) },
  }))
  const matrix = Array.isArray(faults)
    ? []
    : generateMatrix({
        request: scenario.request,
        steps,
        ...facts,
        include: faults === 'matrix' ? undefined : faults.include,
        exclude: faults === 'matrix' ? undefined : faults.exclude,
      })
  return { plans: [...matrix, ...written], handWritten: new Set(handPlans.filter((p) => p.expect?.servedBy !== undefined).map((p) => p.name)) }
}

/**
 * A case id in `faults.include`/`exclude` that this scenario's matrix never generates (`refusal@9` on a
 * three-step cascade) would select nothing, silently: bad input, with the closest id the matrix has.
 */
function selectorProblems(loaded: LoadedScenario, catalog: Catalog, config: Config): InputProblem[] {
  const faults = loaded.scenario.faults
  if (faults === 'matrix' || Array.isArray(faults)) return []
  const steps = cascadeOf(loaded.scenario.request)
  const ids = generateMatrix({ request: loaded.scenario.request, steps, ...stepChecks(loaded.scenario.request, steps, catalog, config.emulator) }).map((p) => p.id)
  const problems: InputProblem[] = []
  for (const list of ['include', 'exclude'] as const) {
    ;(faults[list] ?? []).forEach((entry, index) => {
      // A bare fault name selects all its cases (possibly none for this request); a case id must exist.
      if (!entry.includes('@') || ids.includes(entry)) return
      const guess = didYouMean(entry, ids)
      problems.push({
        file: loaded.file,
        path: `faults.${list}[${index}]`,
        problem: `"${entry}" is not a case of this scenario's matrix${guess ? ` (did you mean "${guess}"?)` : ''}`,
        fix: guess ? `write "${guess}"` : 'use a case id that `cascade-harness run` prints for this scenario, or a fault name',
      })
    })
  }
  return problems
}

/**
 * A hand-written plan whose key names no step of the cascade would test nothing and pass: that is
 * bad input, as are two plans with one name (their cases could not be told apart in a report).
 */
function handWrittenPlanProblems(loaded: LoadedScenario): InputProblem[] {
  const faults = loaded.scenario.faults
  const plans: readonly PlanInput[] = Array.isArray(faults) ? faults : faults === 'matrix' ? [] : (faults.plans ?? [])
  const steps = cascadeOf(loaded.scenario.request)
  const problems: InputProblem[] = []
  const seen = new Set<string>()
  const faultsPath = Array.isArray(loaded.scenario.faults) ? 'faults' : 'faults.plans'
  plans.forEach((plan, index) => {
    if (seen.has(plan.name)) {
      problems.push({ file: loaded.file, path: `${faultsPath}[${index}].name`, problem: `two plans are named "${plan.name}"`, fix: 'give each plan its own name' })
    }
    seen.add(plan.name)
    const servedBy = plan.expect?.servedBy
    if (typeof servedBy === 'string' && !steps.includes(servedBy)) {
      const guess = didYouMean(servedBy, steps)
      problems.push({
        file: loaded.file,
        path: `${faultsPath}[${index}].expect.servedBy`,
        problem: `"${servedBy}" is not a step of the cascade (${steps.join(', ')})${guess ? ` (did you mean "${guess}"?)` : ''}`,
        fix: guess ? `write "${guess}"` : 'name a model of the cascade, or null when no step should serve',
      })
    }
    for (const unknown of unknownStepKeys(Object.keys(plan.at), steps)) {
      problems.push({
        file: loaded.file,
        path: `${faultsPath}[${index}].at[${JSON.stringify(unknown.key)}]`,
        problem: `"${unknown.step}" names no step of the cascade (${listSteps(steps)})${unknown.suggestion ? ` (did you mean "${unknown.suggestion}"?)` : ''}`,
        fix: unknown.suggestion ? `write "${unknown.suggestion}"` : 'use a model id from the cascade, or a step index from 0',
      })
    }
  })
  return problems
}

function describeClient(client: LoadedScenario['scenario']['client']): string {
  if (client === 'reference') return 'reference'
  if (typeof client === 'function') return `function ${client.name || '(anonymous)'}`
  return `exec ${client.exec}`
}

/**
 * A client's error message or a URL it called may carry the API key: every sentence that reaches a
 * report is scrubbed of it (and of anything shaped like an OpenRouter key or a bearer token).
 */
function toCaseReport(plan: Plan, result: CaseResult, secrets: readonly string[]): CaseReport {
  const scrub = (text: string) => scrubText(text, secrets)
  // The served attempt of a quirky answer shows the quirk as its fault: that is what happened at that step.
  const attempts = result.traces.flatMap((t) =>
    t.attempts.map((a) => (t.quirk && a.fault === null && a.step === t.servedStep && a.status === 200 ? { ...a, fault: t.quirk } : a)),
  )
  const last = result.traces.at(-1)
  return {
    id: plan.id,
    title: plan.title,
    plan: { id: plan.id, at: plan.at, expect: plan.expect, layer: plan.layer },
    servedBy: result.servedBy,
    servedStep: result.servedStep,
    expectedServedBy: plan.expect.servedBy,
    verdict: result.verdict,
    outcome: result.outcome,
    failures: result.failures.map((f) => ({ ...f, message: scrub(f.message) })),
    costUsd: result.costUsd,
    latencyMs: result.latencyMs,
    answerSource: last?.answerSource ?? 'none',
    attempts,
    faults: {
      injected: unique(attempts.filter((a) => a.fault && !a.natural).map((a) => a.fault as string)),
      natural: unique([
        ...attempts.filter((a) => a.fault && a.natural).map((a) => a.fault as string),
        ...(attempts.some((a) => a.dropped) ? ['parameters_dropped'] : []),
      ]),
    },
    error: result.run.kind === 'threw' ? { name: result.run.error.name, message: scrub(result.run.error.message) } : null,
    requests: result.traces.length,
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)]
}
