/**
 * `cascade-harness/vitest`: run scenarios from your own test suite.
 *
 * @example
 * ```ts
 * import { it } from 'vitest'
 * import { expectCascadeToPass } from 'cascade-harness/vitest'
 * it('every fallback step answers in the invoice shape', async () => {
 *   await expectCascadeToPass(['scenarios/extract-invoice.scenario.ts'])
 * })
 * ```
 */
import { runScenarios, type RunOptions } from './runner/run-scenarios.js'
import type { Report } from './schema/report.js'

/** Runs scenarios in-process (no CLI) and resolves with the report, whatever the verdict. */
export function runCascade(paths: string[], options: Partial<Omit<RunOptions, 'paths'>> = {}): Promise<Report> {
  return runScenarios({ cwd: process.cwd(), ...options, paths })
}

/** Every failure and error finding of a report, one sentence a line. */
export function describeFailures(report: Report): string {
  const lines: string[] = []
  for (const scenario of report.scenarios) {
    for (const finding of scenario.lint.filter((f) => f.severity === 'error')) lines.push(`${scenario.name}: lint ${finding.rule} at ${finding.path}: ${finding.message}`)
    for (const c of scenario.cases.filter((c) => c.verdict === 'fail')) {
      for (const failure of c.failures) lines.push(`${scenario.name} / ${c.id}: ${failure.message}`)
    }
  }
  return lines.join('\n')
}

/** Runs scenarios and throws an Error listing every failure when the gate would fail. */
export async function expectCascadeToPass(paths: string[], options: Partial<Omit<RunOptions, 'paths'>> = {}): Promise<Report> {
  const report = await runCascade(paths, options)
  if (!report.passed) throw new Error(`cascade-harness: the gate fails.\n${describeFailures(report)}`)
  return report
}
