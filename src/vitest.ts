/**
 * `cascade-harness/vitest`: the fault matrix inside your own vitest suite.
 *
 * `describeCascade` registers one vitest test per case, so vitest's reporter lists the cases and its
 * filters pick them (`vitest -t rate_limit@0`); a case that fails throws an error located at the
 * field at fault in the scenario file. `expectCascadeToPass` runs whole scenarios inside one test.
 *
 * @example
 * ```ts
 * import { describeCascade } from 'cascade-harness/vitest'
 * await describeCascade(['scenarios/extract-invoice.scenario.ts'])
 * ```
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, test } from 'vitest'
import { openRun, runScenarios, type PreparedScenario, type RunOptions } from './runner/run-scenarios.js'
import { caseProblems, oneLine, problemLine, stepTrace } from './reporters/format.js'
import { faultField } from './reporters/github.js'
import { locateField, parseFieldPath } from './reporters/locate.js'
import type { CaseReport, Report, ScenarioReport } from './schema/report.js'

export type CascadeOptions = Partial<Omit<RunOptions, 'paths' | 'onProgress' | 'lintOnly'>>

/** Room beyond a case's own deadline for the emulator, the judge and an exec client's start. */
export const CASE_TIMEOUT_MARGIN_MS = 10_000

/**
 * Loads and plans the scenarios (at collection, so call it at the top level of a test file, with
 * `await`) and registers a `describe` per scenario with a test per case, named by the case id and
 * title, each with a timeout of the case deadline plus a margin. A case runs only when vitest runs
 * its test, so `-t` filters pick cases; vitest's `--shard` splits files, so give scenarios their own
 * test files to spread them over machines (or use the harness's own `run --shard`). Lint error
 * findings make a failing `lint` test. The run's interception of the router stays on for the
 * file's tests and stops after them.
 */
export async function describeCascade(paths: string[], options: CascadeOptions = {}): Promise<void> {
  const session = await openRun({ cwd: process.cwd(), ...options, paths })
  afterAll(() => session.close())
  for (const scenario of session.scenarios) {
    describe(scenario.name, () => {
      const errors = scenario.lint.filter((f) => f.severity === 'error')
      if (errors.length > 0) {
        test('lint', () => {
          const first = errors[0]!
          throw locatedError(
            scenario,
            `${errors.length} lint error${errors.length === 1 ? '' : 's'}:\n${errors.map((f) => `${f.rule} at ${f.path}: ${oneLine(f.message)} Fix: ${oneLine(f.fix)}`).join('\n')}`,
            first.path,
            first.step !== null && first.path.startsWith('request.models') ? scenario.steps[first.step] : undefined,
          )
        })
      }
      for (const plan of scenario.plans) {
        test(testName(plan), { timeout: scenario.deadlineMs + CASE_TIMEOUT_MARGIN_MS }, async () => {
          const report = await scenario.runPlan(plan)
          if (report.verdict === 'fail') throw caseError(scenario, report)
        })
      }
    })
  }
}

/** A case's test name: its id (what `-t` matches), then the matrix's title; a plan the scenario wrote is named by its own name. */
function testName(plan: PreparedScenario['plans'][number]): string {
  return plan.title && plan.title !== 'hand-written plan' ? `${plan.id}: ${plan.title}` : plan.id
}

/** A failed case as an Error whose stack points at the field at fault in the scenario file. */
function caseError(scenario: PreparedScenario, c: CaseReport): Error {
  const problems = caseProblems(c)
  const lines = [
    ...problems.map((p) => problemLine(c.id, p)),
    `steps: ${stepTrace({ steps: scenario.steps, cases: [c] } as unknown as ScenarioReport, c)}`,
    `served by ${c.servedBy ?? 'no step'} (expected ${c.expectedServedBy ?? 'no step'}); outcome ${c.outcome}`,
  ]
  const field = faultField({ steps: scenario.steps } as ScenarioReport, c, problems[0]?.path ?? '')
  return locatedError(scenario, lines.join('\n'), field.path, field.value)
}

/**
 * An Error whose only stack frame is the scenario file at the field's line: vitest shows that file
 * and line (and its code frame) instead of the harness's own dist/ files.
 */
function locatedError(scenario: PreparedScenario, message: string, fieldPath: string, value?: string): Error {
  const error = new Error(message)
  error.name = 'CascadeCaseFailure'
  const file = path.resolve(scenario.dir, scenario.file)
  let line = 1
  let column = 1
  try {
    const text = readFileSync(file, 'utf8')
    line = locateField(text, file, scenario.name, parseFieldPath(fieldPath, value)) ?? 1
    column = (/^\s*/.exec(text.split(/\r?\n/)[line - 1] ?? '')?.[0].length ?? 0) + 1
  } catch {
    // Unreadable now: the file itself is still the place to look.
  }
  error.stack = `${error.name}: ${message}\n    at ${scenario.name} (${file}:${line}:${column})`
  return error
}

/** Runs scenarios in-process (no CLI) and resolves with the report, whatever the verdict. */
export function runCascade(paths: string[], options: CascadeOptions = {}): Promise<Report> {
  return runScenarios({ cwd: process.cwd(), ...options, paths })
}

/** Every failure and error finding of a report, one sentence a line. */
export function describeFailures(report: Report): string {
  const lines: string[] = []
  for (const scenario of report.scenarios) {
    for (const finding of scenario.lint.filter((f) => f.severity === 'error'))
      lines.push(`${scenario.name}: lint ${finding.rule} at ${finding.path}: ${finding.message}`)
    for (const c of scenario.cases.filter((c) => c.verdict === 'fail')) {
      for (const failure of caseProblems(c)) lines.push(`${scenario.name} / ${c.id}: ${failure.message}`)
    }
  }
  return lines.join('\n')
}

/**
 * How long `expectCascadeToPass` lets a whole run take by default. vitest's own default test timeout
 * (5 s) is too short for a matrix: give the test this timeout too (`it(name, { timeout: ... }, fn)`).
 */
export const CASCADE_TIMEOUT_MS = 120_000

/**
 * Runs scenarios and throws an Error listing every failure when the gate would fail. A run that takes
 * longer than `timeoutMs` (default CASCADE_TIMEOUT_MS) fails with a sentence instead of hanging.
 */
export async function expectCascadeToPass(
  paths: string[],
  options: CascadeOptions & { timeoutMs?: number } = {},
): Promise<Report> {
  const { timeoutMs = CASCADE_TIMEOUT_MS, ...runOptions } = options
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `cascade-harness: the run of ${paths.join(', ')} took longer than ${timeoutMs} ms. Fix: pass a larger timeoutMs (and the same timeout to the test), or run fewer cases (grep, shard).`,
          ),
        ),
      timeoutMs,
    )
    timer.unref?.()
  })
  try {
    const report = await Promise.race([runCascade(paths, runOptions), deadline])
    if (!report.passed) throw new Error(`cascade-harness: the gate fails.\n${describeFailures(report)}`)
    return report
  } finally {
    clearTimeout(timer)
  }
}
