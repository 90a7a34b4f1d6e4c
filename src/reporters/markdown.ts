import type { Report, ScenarioReport } from '../schema/report.js'
import { caseProblems, displayPath, oneLine, stepTrace, summaryText } from './format.js'
import type { RenderOptions, Reporter } from './types.js'

/** A job summary must stay well under GitHub's 1 MiB limit: past this, failures are counted, not listed. */
export const MAX_LISTED_FAILURES = 50

/**
 * `cascade-summary.md`, for `$GITHUB_STEP_SUMMARY` (or any CI job summary): a verdict heading, a table
 * of scenarios, then for each failing scenario its failures and lint findings.
 */
export const markdownReporter: Reporter = {
  name: 'markdown',
  render(report, options) {
    return { files: [{ path: 'cascade-summary.md', content: renderMarkdown(report, options) }] }
  },
}

const mark = (passed: boolean) => (passed ? '✅' : '❌')

export function renderMarkdown(report: Report, options: RenderOptions): string {
  const out: string[] = []
  out.push(`## ${mark(report.passed)} cascade-harness ${report.passed ? 'passed' : 'failed'}`, '')
  out.push(summaryText(report), '')
  out.push('| | Scenario | Cases | Passed | Failed | Lint errors | Lint warnings |')
  out.push('| :-: | --- | --: | --: | --: | --: | --: |')
  for (const s of report.scenarios) {
    const passed = s.cases.filter((c) => c.verdict === 'pass').length
    const count = (severity: string) => s.lint.filter((f) => f.severity === severity).length
    const cells = [
      mark(s.passed),
      text(s.name),
      s.cases.length,
      passed,
      s.cases.length - passed,
      count('error'),
      count('warning'),
    ]
    out.push(`| ${cells.map((cell) => tableCell(String(cell))).join(' | ')} |`)
  }
  for (const s of report.scenarios) if (!s.passed) out.push('', ...renderFailingScenario(s, options))
  out.push('', `<sub>${text(`${report.tool.name} ${report.tool.version} · seed ${report.seed}`)}</sub>`, '')
  return out.join('\n')
}

function renderFailingScenario(s: ScenarioReport, options: RenderOptions): string[] {
  const out = [`### ❌ ${text(s.name)}`, '']
  const steps = s.steps.map((id, i) => `${i + 1} ${code(id)}`).join(' · ')
  out.push(`${code(displayPath(s.file, options.cwd))}${steps ? ` · steps: ${steps}` : ''}`, '')

  const failing = s.cases.filter((c) => c.verdict === 'fail')
  if (failing.length > 0) {
    out.push('**Failures**', '')
    let listed = 0
    for (const c of failing) {
      if (listed >= MAX_LISTED_FAILURES) break
      for (const p of caseProblems(c)) {
        const where = p.path ? ` at ${code(p.path)}` : ''
        out.push(`- ${code(c.id)} (${text(p.check)}${where}): ${text(p.message)}`)
      }
      out.push(`  - steps: ${text(stepTrace(s, c))}`)
      listed++
    }
    if (failing.length > listed)
      out.push(`- … and ${failing.length - listed} more failing cases (see cascade-report.json)`)
    out.push('')
  }
  if (s.lint.length > 0) {
    out.push('**Lint**', '')
    for (const f of s.lint) {
      const fix = f.fix ? ` Fix: ${text(f.fix)}` : ''
      out.push(`- **${f.severity}** ${code(f.rule)} at ${code(f.path)}: ${text(f.message)}${fix}`)
    }
    out.push('')
  }
  if (s.warnings.length > 0) {
    out.push('**Notes**', '', ...s.warnings.map((w) => `- ${text(w)}`), '')
  }
  return out.slice(0, -1)
}

/**
 * Free text on one line. Messages may quote names in backticks on purpose, so code spans pass through;
 * outside them `<`, `>` and `&` are escaped (a job summary renders HTML), and so are characters that
 * would start emphasis or a link.
 */
export function text(value: string): string {
  const line = oneLine(value)
  let out = ''
  let i = 0
  while (i < line.length) {
    if (line[i] === '`') {
      const fence = backtickRun(line, i)
      const close = line.indexOf(fence, i + fence.length)
      if (close !== -1 && backtickRun(line, close) === fence) {
        out += line.slice(i, close + fence.length)
        i = close + fence.length
        continue
      }
      out += '\\`'.repeat(fence.length)
      i += fence.length
      continue
    }
    const char = line[i]!
    out +=
      char === '<'
        ? '&lt;'
        : char === '>'
          ? '&gt;'
          : char === '&'
            ? '&amp;'
            : '\\*_[]'.includes(char)
              ? `\\${char}`
              : char
    i++
  }
  return out
}

function backtickRun(line: string, start: number): string {
  let end = start
  while (line[end] === '`') end++
  return line.slice(start, end)
}

/** An inline code span that survives backticks in the value. */
export function code(value: string): string {
  const line = oneLine(value)
  let longest = 0
  for (let i = 0; i < line.length; i++) if (line[i] === '`') longest = Math.max(longest, backtickRun(line, i).length)
  const fence = '`'.repeat(longest + 1)
  const pad = line.startsWith('`') || line.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${line}${pad}${fence}`
}

/** A table cell: a `|` would end the cell, even inside a code span, so it is escaped everywhere. */
export function tableCell(value: string): string {
  return value.replaceAll('|', '\\|')
}
