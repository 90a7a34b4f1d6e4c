import type { CaseReport, Report, ScenarioReport } from '../schema/report.js'
import { caseName, caseProblems, displayPath, lintLine, oneLine, plural, problemLine, stepTrace } from './format.js'
import type { RenderOptions, Reporter } from './types.js'
import { element, escapeXmlText } from './xml.js'

/**
 * `cascade-junit.xml`: a testsuite per scenario, a testcase per case (classname = the scenario file),
 * and a `lint` testcase per scenario with findings, failing when one of them is an error.
 */
export const junitReporter: Reporter = {
  name: 'junit',
  render(report, options) {
    return { files: [{ path: 'cascade-junit.xml', content: renderJunit(report, options) }] }
  },
}

export function renderJunit(report: Report, options: RenderOptions): string {
  const suites = report.scenarios.map((scenario) => renderSuite(scenario, scenarioSeconds(report, scenario), options))
  const tests = report.scenarios.reduce((sum, s) => sum + testCount(s), 0)
  const failures = report.scenarios.reduce((sum, s) => sum + failureCount(s), 0)
  const root = element(
    'testsuites',
    { name: 'cascade-harness', tests, failures, errors: 0, time: seconds(report.summary.durationMs) },
    `\n${suites.join('')}`,
  )
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`
}

function renderSuite(scenario: ScenarioReport, time: string, options: RenderOptions): string {
  const file = displayPath(scenario.file, options.cwd)
  const cases: string[] = []
  if (scenario.lint.length > 0) cases.push(renderLint(scenario, file))
  for (const c of scenario.cases) cases.push(renderCase(scenario, c, file))
  const out =
    scenario.warnings.length > 0
      ? `    ${element('system-out', {}, escapeXmlText(scenario.warnings.join('\n')))}\n`
      : ''
  const suite = element(
    'testsuite',
    {
      name: scenario.name,
      tests: testCount(scenario),
      failures: failureCount(scenario),
      errors: 0,
      skipped: 0,
      time,
      file,
    },
    `\n${cases.map((c) => `    ${c}\n`).join('')}${out}  `,
  )
  return `  ${suite}\n`
}

/**
 * A testcase has only the attributes the Jenkins xunit schema (junit-10.xsd) allows it: name,
 * classname, time (and group). The file is on the testsuite, where that schema allows it.
 */
function renderCase(scenario: ScenarioReport, c: CaseReport, file: string): string {
  const attrs = { name: caseName(c), classname: file, time: seconds(c.durationMs ?? 0) }
  if (c.verdict === 'pass') return element('testcase', attrs)
  const problems = caseProblems(c)
  const details = [
    ...problems.map((p) => problemLine(c.id, p)),
    `steps: ${stepTrace(scenario, c)}`,
    `served by ${c.servedBy ?? 'no step'} (expected ${c.expectedServedBy ?? 'no step'}); outcome ${c.outcome}; answer ${c.answerSource}`,
    ...(c.error ? [`client threw ${c.error.name}: ${oneLine(c.error.message)}`] : []),
  ]
  const failure = element(
    'failure',
    { message: problems.map((p) => oneLine(p.message)).join(' '), type: problems[0]?.check ?? c.outcome },
    escapeXmlText(`${details.join('\n')}\n`),
  )
  return element('testcase', attrs, failure)
}

function renderLint(scenario: ScenarioReport, file: string): string {
  // Lint is static analysis within the scenario's time, not timed on its own.
  const attrs = { name: 'lint', classname: file, time: seconds(0) }
  const errors = scenario.lint.filter((f) => f.severity === 'error')
  const others = scenario.lint.filter((f) => f.severity !== 'error')
  const out =
    others.length > 0 ? element('system-out', {}, escapeXmlText(`${others.map((f) => lintLine(f)).join('\n')}\n`)) : ''
  if (errors.length === 0) return element('testcase', attrs, out)
  const message = `${plural(errors.length, 'lint error')}: ${errors.map((f) => `${f.rule} at ${f.path}: ${oneLine(f.message)}`).join(' ')}`
  const failure = element(
    'failure',
    { message, type: 'lint' },
    escapeXmlText(`${errors.map((f) => lintLine(f)).join('\n')}\n`),
  )
  return element('testcase', attrs, `${failure}${out}`)
}

function testCount(scenario: ScenarioReport): number {
  return scenario.cases.length + (scenario.lint.length > 0 ? 1 : 0)
}

function failureCount(scenario: ScenarioReport): number {
  const lintFailed = scenario.lint.some((f) => f.severity === 'error') ? 1 : 0
  return scenario.cases.filter((c) => c.verdict === 'fail').length + lintFailed
}

/** A suite's wall-clock time, as the runner measured it (case latencies are emulated time, not used here). */
function scenarioSeconds(_report: Report, scenario: ScenarioReport): string {
  return seconds(scenario.durationMs)
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3)
}
