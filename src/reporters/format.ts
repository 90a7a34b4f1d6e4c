import { isAbsolute, relative } from 'node:path'
import type { CaseReport, Report, ScenarioReport } from '../schema/report.js'

/**
 * Words and numbers every reporter shares, so the table, JUnit, Markdown and GitHub outputs say the
 * same thing in the same sentences. Pure string functions (node:path does no I/O).
 */

type Finding = ScenarioReport['lint'][number]
type Failure = CaseReport['failures'][number]

/** A scenario file as the user knows it: relative to where they ran, with forward slashes. */
export function displayPath(file: string, cwd?: string): string {
  const shown = cwd && isAbsolute(file) ? relative(cwd, file) || file : file
  return shown.replaceAll('\\', '/')
}

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`
}

/** `812 ms`, `4.2 s`, `2 min 5 s`: stable, no locale. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const seconds = Math.round(ms / 1000)
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`
}

export function catalogLabel(report: Report): string {
  if (report.catalog.builtIn) return 'built-in catalog'
  const pulled = report.catalog.pulledAt ? ` (pulled ${report.catalog.pulledAt.slice(0, 10)})` : ''
  return `catalog ${report.catalog.source}${pulled}`
}

/** Says when answers were made up from the schema rather than replayed: a reader must know. */
export function answersLabel(report: Report): string | null {
  let synthesized = 0
  let cassette = 0
  for (const scenario of report.scenarios) {
    for (const c of scenario.cases) {
      if (c.answerSource === 'synthesized') synthesized++
      else if (c.answerSource === 'cassette') cassette++
    }
  }
  if (synthesized === 0) return null
  if (cassette === 0) return 'answers synthesized'
  return `${plural(synthesized, 'answer')} synthesized, ${cassette} from cassettes`
}

export function lintCounts(report: Report): string {
  const { error, warning, info } = report.summary.lint
  return `lint: ${plural(error, 'error')}, ${plural(warning, 'warning')}, ${info} info`
}

/** `2 scenarios · 7 cases: 6 passed, 1 failed · lint: 1 error, ... · 812 ms · built-in catalog · answers synthesized` */
export function summaryText(report: Report): string {
  const s = report.summary
  const parts = [
    plural(s.scenarios, 'scenario'),
    // A lint-only report has no cases: saying "0 cases: 0 passed" would read as an empty run.
    ...(s.cases > 0 ? [`${plural(s.cases, 'case')}: ${s.passed} passed, ${s.failed} failed`] : []),
    lintCounts(report),
    formatDuration(s.durationMs),
    catalogLabel(report),
    ...(report.shard ? [`shard ${report.shard.index}/${report.shard.count}`] : []),
  ]
  const answers = answersLabel(report)
  if (answers) parts.push(answers)
  return parts.join(' · ')
}

/** The name a test runner shows for a case: its id, and its title when it has one. */
export function caseName(c: CaseReport): string {
  return c.title ? `${c.id}: ${c.title}` : c.id
}

/**
 * Why a case failed, as failures. The runner normally lists them; when it did not (a crash, a hang),
 * the outcome itself is the reason, so a failed case never renders without a sentence.
 */
export function caseProblems(c: CaseReport): Failure[] {
  if (c.failures.length > 0 || c.verdict === 'pass') return c.failures
  const thrown = c.error ? `${c.error.name}: ${c.error.message}` : null
  const reason = ((): string => {
    switch (c.outcome) {
      case 'crashed':
        return thrown ? `the client crashed with ${thrown}` : 'the client crashed'
      case 'hung':
        return 'the client hung past the case deadline'
      case 'invalid':
        return 'the client returned a result that breaks the contract'
      case 'surfaced':
        return `the client threw${thrown ? ` ${thrown}` : ''} although a step could serve`
      case 'valid':
        return c.servedBy !== c.expectedServedBy
          ? `${c.servedBy ?? 'no step'} served where the plan expected ${c.expectedServedBy ?? 'no step to serve'}`
          : 'the case failed without a recorded reason'
    }
  })()
  return [{ check: c.outcome, path: '', message: reason }]
}

/** `rate_limit@0 (fidelity at request.tools): step 2 was sent no tools although ...` */
export function problemLine(caseId: string, failure: Failure): string {
  const where = failure.path ? ` at ${failure.path}` : ''
  return `${caseId} (${failure.check}${where}): ${oneLine(failure.message)}`
}

/** `error  models-limit  request.models  <message> Fix: <fix>`, columns padded when widths are given. */
export function lintLine(finding: Finding, widths?: { severity: number; rule: number; path: number }): string {
  const fix = finding.fix ? ` Fix: ${oneLine(finding.fix)}` : ''
  const cols = [finding.severity, finding.rule, finding.path]
  const padded = widths
    ? [cols[0]!.padEnd(widths.severity), cols[1]!.padEnd(widths.rule), cols[2]!.padEnd(widths.path)]
    : cols
  return `${padded.join('  ')}  ${oneLine(finding.message)}${fix}`
}

export function lintWidths(findings: readonly Finding[]): { severity: number; rule: number; path: number } {
  const max = (pick: (f: Finding) => string) => Math.max(0, ...findings.map((f) => pick(f).length))
  return { severity: max((f) => f.severity), rule: max((f) => f.rule), path: max((f) => f.path) }
}

/** Messages are one sentence; a stray newline from an upstream error body must not break a line-based format. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim()
}

// ---------------------------------------------------------------------------------------------
// What happened at each step of a case

export type StepKind = 'served' | 'fault' | 'answered' | 'untouched'

export interface StepCell {
  kind: StepKind
  text: string
}

export const SERVED = '●'
export const UNTOUCHED = '·'

/** How many step columns a case table needs: the cascade, or more if the router went further. */
export function stepCount(scenario: ScenarioReport): number {
  let count = scenario.steps.length
  for (const c of scenario.cases) for (const a of c.attempts) count = Math.max(count, a.step + 1)
  return count
}

/**
 * One cell per step, from the case's attempts: `429 rate_limit`, `404 no_endpoint (natural)`,
 * `● served`, `● served (without tools)` when the router dropped parameters, `·` when the router never reached the step. Several attempts at one step (client
 * retries, provider fallback) are joined in order, and repeats are folded: `504 timeout ×2`.
 */
export function stepCells(
  scenario: ScenarioReport,
  c: CaseReport,
  count = stepCount(scenario),
  { compact = false }: { compact?: boolean } = {},
): StepCell[] {
  const cells: StepCell[] = []
  for (let step = 0; step < count; step++) {
    const attempts = c.attempts.filter((a) => a.step === step)
    if (attempts.length === 0) {
      cells.push({ kind: 'untouched', text: UNTOUCHED })
      continue
    }
    const providers = new Set(attempts.map((a) => a.provider))
    const served = c.servedStep === step
    const labels = attempts.map((a, i) => {
      const servedHere = served && i === attempts.length - 1
      return compact ? compactLabel(a, servedHere, c, step) : fullLabel(a, servedHere, providers.size > 1, c, step)
    })
    const kind: StepKind = served ? 'served' : attempts.some((a) => a.fault !== null) ? 'fault' : 'answered'
    cells.push({ kind, text: foldRepeats(labels).join(' → ') })
  }
  return cells
}

type Attempt = CaseReport['attempts'][number]

function fullLabel(a: Attempt, servedHere: boolean, manyProviders: boolean, c: CaseReport, step: number): string {
  const at = manyProviders && a.provider ? ` @${a.provider}` : ''
  // A silent drop is a natural fault too: the step served without parameters the request sent.
  const dropped = a.dropped && a.dropped.length > 0 ? ` (without ${a.dropped.join(', ')})` : ''
  if (a.fault === null)
    return `${servedHere ? `${SERVED} served` : '✓ answered'}${dropped}${servedHere ? contractMark(c, step) : ''}${at}`
  // A quirk rides on a served answer: the step served, with that deviation.
  if (servedHere) return `${SERVED} served (${a.fault})${contractMark(c, step)}${at}`
  return `${a.status > 0 ? `${a.status} ` : ''}${a.fault}${a.natural ? ' (natural)' : ''}${at}`
}

/**
 * For a narrow terminal: the status code stands for the fault (`429`, `404*` when the router raised it
 * itself), `●` for the served step, `✓` for an answer the router passed over; a fault without a status
 * (a reset connection) keeps its name. The failure sentences under the table still name everything.
 */
function compactLabel(a: Attempt, servedHere: boolean, c: CaseReport, step: number): string {
  const dropped = a.dropped && a.dropped.length > 0 ? ' −params' : ''
  if (a.fault === null) return `${servedHere ? `${SERVED}${contractMark(c, step, '')}` : '✓'}${dropped}`
  if (servedHere) return `${SERVED} quirk${contractMark(c, step)}`
  return `${a.status > 0 ? a.status : a.fault}${a.natural ? '*' : ''}`
}

/** The legend under a compact table: what its shortened cells mean. */
export const COMPACT_LEGEND = [
  `${SERVED} served`,
  '✓ answered, passed over',
  "429 a fault's HTTP status",
  '* raised by the router itself',
  '−params served without parameters it dropped',
]

/** After a served step: `✓` when the answer it sent met the request's contract on the wire, `✗` when it broke it. */
export const CONTRACT_MET = '✓'
export const CONTRACT_BROKEN = '✗'

function contractMark(c: CaseReport, step: number, space = ' '): string {
  const check = c.answers.findLast((a) => a.step === step)
  if (check === undefined) return ''
  return `${space}${check.met ? CONTRACT_MET : CONTRACT_BROKEN}`
}

/** The legend of the contract marks, for reports that draw step cells. */
export const CONTRACT_LEGEND = `${SERVED} served ${CONTRACT_MET}/${CONTRACT_BROKEN}: the answer that step sent met / broke the request's contract (response_format, tools)`

/** The steps a case reached, on one line for formats without columns: `1 429 rate_limit · 2 ● served`. */
export function stepTrace(scenario: ScenarioReport, c: CaseReport): string {
  const reached = stepCells(scenario, c)
    .map((cell, i) => (cell.kind === 'untouched' ? null : `${i + 1} ${cell.text}`))
    .filter((text) => text !== null)
  return reached.length > 0 ? reached.join(' · ') : 'no step reached'
}

function foldRepeats(labels: string[]): string[] {
  const out: string[] = []
  let i = 0
  while (i < labels.length) {
    let j = i + 1
    while (j < labels.length && labels[j] === labels[i]) j++
    out.push(j - i > 1 ? `${labels[i]} ×${j - i}` : labels[i]!)
    i = j
  }
  return out
}

/**
 * A model id short enough for a column header: the vendor prefix goes when the rest is still unique
 * in the cascade, and a long name is cut in the middle, keeping a `:variant` suffix such as `:free`.
 */
export function shortModelIds(ids: readonly string[], max = 20): string[] {
  const bare = ids.map((id) => id.slice(id.indexOf('/') + 1))
  const unique = new Set(bare).size === bare.length
  return (unique ? bare : ids).map((id) => truncateId(id, max))
}

function truncateId(id: string, max: number): string {
  const chars = [...id]
  if (chars.length <= max) return id
  const colon = id.lastIndexOf(':')
  // The suffix stays only while at least two characters of the name fit before it.
  const suffix = colon > 0 && id.length - colon <= 10 && max - (id.length - colon) >= 3 ? [...id.slice(colon)] : []
  const keep = Math.max(1, max - 1 - suffix.length)
  return `${chars.slice(0, keep).join('')}…${suffix.join('')}`
}
