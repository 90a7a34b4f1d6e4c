import type { Report } from '../schema/report.js'
import { caseProblems, displayPath, oneLine, stepTrace, summaryText } from './format.js'
import type { Reporter } from './types.js'

/**
 * GitHub Actions workflow commands: an annotation per lint finding and per failed case, pointing at
 * the scenario file. Lint errors come first: GitHub shows only the first few annotations of a step.
 */
export const githubReporter: Reporter = {
  name: 'github',
  render(report, options) {
    const lines: string[] = []
    for (const scenario of report.scenarios) {
      const file = displayPath(scenario.file, options.cwd)
      const findings = [...scenario.lint].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])
      for (const f of findings) {
        const message = `${scenario.name}: ${oneLine(f.message)} (at ${f.path})${f.fix ? ` Fix: ${oneLine(f.fix)}` : ''}`
        lines.push(command(COMMAND[f.severity], { file, title: f.rule }, message))
      }
      for (const c of scenario.cases) {
        if (c.verdict === 'pass') continue
        // The title names the case; the message says why, then which steps it reached.
        const sentences = caseProblems(c).map((p) => `${oneLine(p.message)} (${p.check}${p.path ? ` at ${p.path}` : ''})`)
        const message = [`${scenario.name}: ${sentences.join('\n')}`, `steps: ${stepTrace(scenario, c)}`].join('\n')
        lines.push(command('error', { file, title: c.id }, message))
      }
    }
    lines.push(`cascade-harness ${report.passed ? 'passed' : 'failed'}: ${summaryText(report)}`)
    return { stdout: `${lines.join('\n')}\n` }
  },
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const
const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const

/** `::name key=value,...::message` with GitHub's escaping (toolkit/core `command.ts`). */
export function command(name: string, properties: Record<string, string>, message: string): string {
  const props = Object.entries(properties)
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',')
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`
}

export function escapeData(value: string): string {
  return value.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A')
}

export function escapeProperty(value: string): string {
  return escapeData(value).replaceAll(':', '%3A').replaceAll(',', '%2C')
}
