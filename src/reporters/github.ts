import { isAbsolute, relative, resolve } from 'node:path'
import type { CaseReport, ScenarioReport } from '../schema/report.js'
import { caseProblems, displayPath, oneLine, plural, stepTrace, summaryText } from './format.js'
import type { RenderOptions, Reporter } from './types.js'

/**
 * GitHub Actions workflow commands: one annotation per lint finding and per root cause of failed
 * cases (the cases that fail one check at one field of the scenario are one annotation, with their
 * count), at the line of that field, errors first. GitHub shows at most 10 annotations of each kind
 * per step (actions/toolkit docs/problem-matchers.md) and drops the rest silently, so past
 * `ANNOTATIONS_PER_KIND` the rest become one summary annotation of that kind.
 */
export const githubReporter: Reporter = {
  name: 'github',
  render(report, options) {
    const all = report.scenarios.flatMap((scenario) => [
      ...lintAnnotations(scenario, options),
      ...caseAnnotations(scenario, options),
    ])
    // Lint findings first: one of them often explains many failed cases.
    const annotations = [...all.filter((a) => a.cases === 0), ...all.filter((a) => a.cases > 0)]
    const lines: string[] = []
    for (const kind of KINDS) {
      const ofKind = annotations.filter((a) => a.kind === kind)
      const shown = ofKind.length > ANNOTATIONS_PER_KIND ? ofKind.slice(0, ANNOTATIONS_PER_KIND - 1) : ofKind
      for (const a of shown)
        lines.push(
          command(kind, { file: a.file, ...(a.line ? { line: String(a.line) } : {}), title: a.title }, a.message),
        )
      const rest = ofKind.slice(shown.length)
      if (rest.length > 0) {
        const cases = rest.reduce((sum, a) => sum + a.cases, 0)
        const what = `${plural(rest.length, `more ${NOUN[kind]}`)}${cases > 0 ? ` (${plural(cases, 'failed case')})` : ''}`
        lines.push(
          command(
            kind,
            { title: `cascade-harness: ${what}` },
            `${what} not annotated: GitHub shows ${GITHUB_LIMIT} ${NOUN[kind]}s per step. The log above and cascade-junit.xml list them all: ${rest.map((a) => `${a.file}${a.line ? `:${a.line}` : ''} ${a.title}`).join('; ')}`,
          ),
        )
      }
    }
    lines.push(`cascade-harness ${report.passed ? 'passed' : 'failed'}: ${summaryText(report)}`)
    return { stdout: `${lines.join('\n')}\n` }
  },
}

/** GitHub's limit per step and kind, and how many we print so that our summary fits under it. */
export const GITHUB_LIMIT = 10
export const ANNOTATIONS_PER_KIND = GITHUB_LIMIT - 1

type Kind = 'error' | 'warning' | 'notice'
const KINDS: readonly Kind[] = ['error', 'warning', 'notice']
const NOUN: Record<Kind, string> = { error: 'error', warning: 'warning', notice: 'notice' }
const KIND_OF = { error: 'error', warning: 'warning', info: 'notice' } as const

interface Annotation {
  kind: Kind
  file: string
  line: number | undefined
  title: string
  message: string
  /** Failed cases behind it (0 for a lint finding). */
  cases: number
}

/** A scenario file relative to the repository root (what GitHub matches annotations against), else as shown. */
export function repoPath(file: string, options: RenderOptions): string {
  if (!options.repoRoot) return displayPath(file, options.cwd)
  const absolute = isAbsolute(file) ? file : resolve(options.cwd ?? options.repoRoot, file)
  const inRepo = relative(options.repoRoot, absolute)
  return inRepo && !inRepo.startsWith('..') && !isAbsolute(inRepo)
    ? inRepo.replaceAll('\\', '/')
    : displayPath(file, options.cwd)
}

function lintAnnotations(scenario: ScenarioReport, options: RenderOptions): Annotation[] {
  const file = repoPath(scenario.file, options)
  return scenario.lint.map((f) => {
    // A finding about one step points at that step's model in the list.
    const value = f.step !== null && /^request\.models(\[\d+\])?$/.test(f.path) ? scenario.steps[f.step] : undefined
    return {
      kind: KIND_OF[f.severity],
      file,
      line: options.locate?.(scenario.file, scenario.name, value ? 'request.models' : f.path, value),
      title: `${scenario.name}: ${f.rule}`,
      message: `${oneLine(f.message)} (at ${f.path})${f.fix ? ` Fix: ${oneLine(f.fix)}` : ''}`,
      cases: 0,
    }
  })
}

/**
 * The scenario field a failed case points at: the request field the check names; else a hand-written
 * plan's entry; else the model of the step that served (its answer failed), or of the step the plan
 * expected to serve.
 */
export function faultField(
  scenario: ScenarioReport,
  c: CaseReport,
  problemPath: string,
): { path: string; value?: string } {
  if (problemPath === 'request' || problemPath.startsWith('request.')) return { path: problemPath }
  // The runner titles the plans a scenario writes itself so; their entry under `faults` is what to fix.
  if (c.title === 'hand-written plan') return { path: 'faults', value: c.plan.id }
  const step = c.servedStep ?? (c.expectedServedBy !== null ? scenario.steps.indexOf(c.expectedServedBy) : -1)
  const model = step >= 0 ? scenario.steps[step] : undefined
  return model ? { path: 'request.models', value: model } : { path: 'request.models' }
}

function caseAnnotations(scenario: ScenarioReport, options: RenderOptions): Annotation[] {
  const file = repoPath(scenario.file, options)
  const groups = new Map<
    string,
    { check: string; line: number | undefined; field: string; first: { c: CaseReport; message: string }; ids: string[] }
  >()
  for (const c of scenario.cases) {
    if (c.verdict === 'pass') continue
    for (const problem of caseProblems(c)) {
      const field = faultField(scenario, c, problem.path)
      const line = options.locate?.(scenario.file, scenario.name, field.path, field.value)
      const fieldName = field.value ? `${field.path} ${field.value}` : field.path
      const key = `${problem.check}\u0000${line ?? fieldName}`
      const group = groups.get(key) ?? {
        check: problem.check,
        line,
        field: fieldName,
        first: { c, message: oneLine(problem.message) },
        ids: [],
      }
      if (!group.ids.includes(c.id)) group.ids.push(c.id)
      groups.set(key, group)
    }
  }
  return [...groups.values()].map((g) => {
    const shownIds = g.ids.length > 12 ? `${g.ids.slice(0, 12).join(', ')}, ...` : g.ids.join(', ')
    return {
      kind: 'error' as const,
      file,
      line: g.line,
      title: `${scenario.name}: ${g.check} (${plural(g.ids.length, 'case')})`,
      message: [
        `${g.first.c.id}: ${g.first.message}`,
        `steps: ${stepTrace(scenario, g.first.c)}`,
        ...(g.ids.length > 1 ? [`${plural(g.ids.length, 'case')} fail the same way: ${shownIds}`] : []),
      ].join('\n'),
      cases: g.ids.length,
    }
  })
}

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
