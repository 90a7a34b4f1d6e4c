import { createRequire } from 'node:module'
import type TableClass from 'cli-table3'
import type { CaseReport, ScenarioReport } from '../schema/report.js'
import { painter, visibleWidth, type Paint } from './color.js'
import {
  caseProblems,
  COMPACT_LEGEND,
  CONTRACT_LEGEND,
  displayPath,
  lintLine,
  lintWidths,
  plural,
  problemLine,
  shortModelIds,
  stepCells,
  stepCount,
  summaryText,
  type StepKind,
} from './format.js'
import type { RenderOptions, Reporter } from './types.js'

/** Past this many cases in a scenario, the table lists only the failing ones and counts the rest. */
export const MAX_ROWS = 80

/** A step's model id in a column header is shortened past this width (or its column's widest cell). */
const HEADER_ID_WIDTH = 20

/** Step columns may shrink (and wrap) down to this width when the terminal is narrow. */
const MIN_FLEX_WIDTH = 10

/**
 * The terminal reporter: per scenario a header, the lint findings, a table with one row per case
 * and one column per cascade step (the served step marked `●`), then the failures in sentences;
 * a summary line at the end.
 */
export const tableReporter: Reporter = {
  name: 'table',
  render(report, options) {
    const paint = painter(options.color)
    const blocks = report.scenarios.map((scenario) => renderScenario(scenario, options, paint))
    const verdict = report.passed ? paint('green', 'PASS') : paint('red', 'FAIL')
    const summary = `${paint('bold', verdict)}  ${summaryText(report)}`
    blocks.push(`${options.width && options.wrapText ? wrapLine(summary, options.width, '      ') : summary}\n`)
    return { stdout: blocks.join('\n') }
  },
}

function renderScenario(scenario: ScenarioReport, options: RenderOptions, paint: Paint): string {
  const lines: string[] = []
  // On a terminal, sentences wrap at its width under a deeper indent; the table fits itself anywhere.
  const wrapped = (text: string) => (options.width && options.wrapText ? wrapLine(text, options.width, '      ') : text)
  const verdict = scenario.passed ? paint('green', '✓ PASS') : paint('red', '✗ FAIL')
  lines.push(
    `${paint('bold', verdict)}  ${paint('bold', scenario.name)}  ${paint('dim', displayPath(scenario.file, options.cwd))}`,
  )
  // A no-break space keeps a step number with its model id when the line wraps (a plain space again after).
  if (scenario.steps.length > 0)
    lines.push(
      wrapped(`  steps: ${scenario.steps.map((id, i) => `${i + 1}\u00a0${id}`).join(' · ')}`).replaceAll('\u00a0', ' '),
    )

  const widths = lintWidths(scenario.lint)
  for (const finding of scenario.lint) {
    const style = finding.severity === 'error' ? 'red' : finding.severity === 'warning' ? 'yellow' : 'dim'
    const line = lintLine(finding, widths)
    lines.push(wrapped(`  ${paint(style, line.slice(0, widths.severity))}${line.slice(widths.severity)}`))
  }
  const noteWidth = Math.max(widths.severity, 'note'.length)
  for (const warning of scenario.warnings)
    lines.push(wrapped(`  ${paint('yellow', 'note'.padEnd(noteWidth))}  ${warning}`))

  const failing = scenario.cases.filter((c) => c.verdict === 'fail')
  const rows = scenario.cases.length > MAX_ROWS ? failing : scenario.cases
  if (rows.length > 0) {
    lines.push(renderTable(scenario, rows, options, paint))
    if (rows.some((c) => c.answers.length > 0)) lines.push(wrapped(`  ${paint('dim', CONTRACT_LEGEND)}`))
  }
  const hidden = scenario.cases.length - rows.length
  if (hidden > 0) {
    lines.push(
      wrapped(
        `  ${plural(hidden, 'passing case')} not shown (more than ${MAX_ROWS} cases); the json reporter lists every case.`,
      ),
    )
  }

  if (failing.length > 0) {
    lines.push('  Failures:')
    for (const group of groupByCheck(failing)) {
      // One cause behind many cases (a request the router rejects outright) would bury the rest:
      // show a few sentences of each check, then name the other cases in one line.
      for (const { id, problem } of group.slice(0, FAILURES_PER_CHECK))
        lines.push(wrapped(`  ${paint('red', '✗')} ${problemLine(id, problem)}`))
      const rest = group.slice(FAILURES_PER_CHECK)
      if (rest.length > 0) {
        const ids = rest.map((r) => r.id)
        const shown = ids.length > 12 ? `${ids.slice(0, 12).join(', ')}, ...` : ids.join(', ')
        lines.push(
          wrapped(
            `  ${paint('red', '✗')} ${paint('dim', `and ${plural(rest.length, 'more case')} with the same ${group[0]!.problem.check} failure: ${shown}`)}`,
          ),
        )
      }
    }
  }
  return `${lines.join('\n')}\n`
}

/** Sentences shown per failed check before the rest are summarised in one line. */
const FAILURES_PER_CHECK = 3

function groupByCheck(
  failing: readonly CaseReport[],
): Array<Array<{ id: string; problem: ReturnType<typeof caseProblems>[number] }>> {
  const groups = new Map<string, Array<{ id: string; problem: ReturnType<typeof caseProblems>[number] }>>()
  for (const c of failing) {
    for (const problem of caseProblems(c)) {
      const group = groups.get(problem.check) ?? []
      group.push({ id: c.id, problem })
      groups.set(problem.check, group)
    }
  }
  return [...groups.values()]
}

const CELL_STYLE: Record<StepKind, (paint: Paint, text: string) => string> = {
  served: (paint, text) => paint('green', text),
  fault: (paint, text) => paint('yellow', text),
  answered: (_paint, text) => text,
  untouched: (paint, text) => paint('dim', text),
}

/**
 * How much a table gives up to fit the terminal, tried in order: `full` as is; `narrow` joins verdict
 * and outcome into one column, shortens the answer source and wraps step cells; `compact` shows each
 * step as its status codes (with a legend) and leaves the answer source to the summary line.
 */
type Layout = 'full' | 'narrow' | 'compact'
const LAYOUTS: readonly Layout[] = ['full', 'narrow', 'compact']

/** The narrowest a step column may wrap to, per layout (never below its longest word). */
const MIN_STEP_WIDTH: Record<Layout, number> = { full: MIN_FLEX_WIDTH, narrow: 6, compact: 3 }

const SHORT_ANSWER: Record<CaseReport['answerSource'], string> = {
  synthesized: 'synth',
  cassette: 'cassette',
  none: 'none',
}

function renderTable(scenario: ScenarioReport, cases: CaseReport[], options: RenderOptions, paint: Paint): string {
  const count = stepCount(scenario)
  const ids = Array.from({ length: count }, (_, i) => scenario.steps[i] ?? modelAt(scenario, i))
  // Only the step columns flex: case ids must stay whole, and the other columns are short words.
  const flexible = Array.from({ length: count }, (_, i) => i + 1)
  const build = (layout: Layout, idWidths: number[]) => {
    const cells = cases.map((c) => stepCells(scenario, c, count, { compact: layout === 'compact' }))
    const stepHead = ids.map((_id, i) => `${i + 1} ${shortModelIds(ids, idWidths[i])[i]}`)
    const verdict = (c: CaseReport) => (c.verdict === 'pass' ? paint('green', '✓ pass') : paint('red', '✗ fail'))
    const result = (c: CaseReport) =>
      c.verdict === 'pass' ? paint('green', `✓ ${c.outcome}`) : paint('red', `✗ ${c.outcome}`)
    const tail = {
      full: {
        head: ['verdict', 'outcome', 'answer'],
        cells: (c: CaseReport) => [verdict(c), c.outcome, c.answerSource],
      },
      narrow: { head: ['result', 'answer'], cells: (c: CaseReport) => [result(c), SHORT_ANSWER[c.answerSource]] },
      compact: { head: ['result'], cells: (c: CaseReport) => [result(c)] },
    }[layout]
    const head = ['case', ...stepHead, ...tail.head]
    // A variant id (`no_credits@0~insufficient-credits`) breaks before its `~` in a compact table, so it stays whole to read.
    const id = (c: CaseReport) => (layout === 'compact' ? c.id.replaceAll('~', '\n~') : c.id)
    const rows = cases.map((c, r) => [
      id(c),
      ...cells[r]!.map((cell) => CELL_STYLE[cell.kind](paint, cell.text)),
      ...tail.cells(c),
    ])
    return { cells, head, rows }
  }
  // A header may be as wide as its column's widest cell before its model id is shortened.
  const natural = (layout: Layout) => {
    const first = build(
      layout,
      ids.map(() => HEADER_ID_WIDTH),
    )
    return build(
      layout,
      ids.map((_, step) => Math.max(HEADER_ID_WIDTH, ...first.cells.map((row) => visibleWidth(row[step]!.text) - 2))),
    )
  }
  for (const layout of LAYOUTS) {
    const table = natural(layout)
    if (!options.width || tableWidth(table.head, table.rows) <= options.width)
      return draw(table.head, table.rows, undefined, layout)
    const colWidths = fitColumns(table.head, table.rows, options.width, flexible, MIN_STEP_WIDTH[layout])!
    const fits = colWidths.reduce((sum, w) => sum + w, 0) + colWidths.length + 1 <= options.width
    if (!fits && layout !== 'compact') continue
    // Headers are cut to their column rather than wrapped: the full ids are on the steps line.
    const cut = build(
      layout,
      ids.map((_, i) => Math.max(1, colWidths[i + 1]! - 2 - `${i + 1} `.length)),
    )
    return draw(cut.head, cut.rows, colWidths, layout)
  }
  throw new Error('unreachable: the compact layout always draws')
}

/**
 * cli-table3, required on the first table drawn (CommonJS, so synchronously): `lint` draws none (it has
 * no cases) and never loads it and its dependencies (start-up: docs/performance.md).
 */
let Table: typeof TableClass | undefined

function draw(head: string[], rows: string[][], colWidths: number[] | undefined, layout: Layout): string {
  Table ??= createRequire(import.meta.url)('cli-table3') as typeof TableClass
  const drawn = new Table({
    head,
    style: { head: [], border: [], compact: true, 'padding-left': 1, 'padding-right': 1 },
    ...(colWidths ? { colWidths, wordWrap: true, wrapOnWordBoundary: true } : {}),
  })
  drawn.push(...rows)
  if (layout !== 'compact') return drawn.toString()
  return [
    drawn.toString(),
    ...joinWithin(COMPACT_LEGEND, ' · ', (colWidths ?? []).reduce((sum, w) => sum + w + 1, 1) - 2).map(
      (line) => `  ${line}`,
    ),
  ].join('\n')
}

/** Joins parts with a separator into lines of at most `width` columns, breaking only between parts. */
function joinWithin(parts: readonly string[], separator: string, width: number): string[] {
  const lines: string[] = []
  for (const part of parts) {
    const last = lines.at(-1)
    if (last !== undefined && visibleWidth(last + separator + part) <= width)
      lines[lines.length - 1] = last + separator + part
    else lines.push(part)
  }
  return lines
}

function tableWidth(head: string[], rows: string[][]): number {
  const widths = head.map((_, col) => Math.max(...[head, ...rows].map((row) => cellWidth(row[col] ?? ''))) + 2)
  return widths.reduce((sum, w) => sum + w, 0) + head.length + 1
}

function modelAt(scenario: ScenarioReport, step: number): string {
  for (const c of scenario.cases) for (const a of c.attempts) if (a.step === step) return a.model
  return '?'
}

/**
 * Wraps a line at spaces so that it fits `width` columns, continuing under `indent`; its own leading
 * spaces stay. A word wider than the width (a long URL) stays whole on its own line.
 */
export function wrapLine(line: string, width: number, indent: string): string {
  if (visibleWidth(line) <= width) return line
  const lead = /^ */.exec(line)![0]
  const out: string[] = []
  let current = lead
  let empty = true
  for (const word of line.slice(lead.length).split(' ')) {
    const candidate = empty ? `${current}${word}` : `${current} ${word}`
    if (empty || visibleWidth(candidate) <= width) {
      current = candidate
      empty = false
      continue
    }
    out.push(current)
    current = `${indent}${word}`
  }
  out.push(current)
  return out.join('\n')
}

/** Columns a cell takes: its widest line. */
function cellWidth(text: string): number {
  return Math.max(...text.split('\n').map(visibleWidth))
}

/**
 * Column widths that fit `width`, or undefined when the natural table already fits. The widest
 * flexible column gives up a column at a time, so one long model name does not squeeze the rest; a
 * column never gets narrower than its longest word in the body, so cells wrap and are never cut
 * (headers may be: their full ids are on the steps line above the table).
 */
export function fitColumns(
  head: string[],
  body: string[][],
  width: number,
  flexible: number[],
  minFlexWidth = MIN_FLEX_WIDTH,
): number[] | undefined {
  // Content plus one space of padding on each side.
  const widths = head.map((_, col) => Math.max(...[head, ...body].map((row) => cellWidth(row[col] ?? ''))) + 2)
  const floors = head.map((_, col) => {
    const words = body.flatMap((row) => (row[col] ?? '').split(/[ \n]/))
    return Math.max(minFlexWidth, ...words.map(visibleWidth)) + 2
  })
  const total = () => widths.reduce((sum, w) => sum + w, 0) + head.length + 1
  if (total() <= width) return undefined
  while (total() > width) {
    let widest = -1
    for (const col of flexible) {
      if (widths[col]! > floors[col]! && (widest === -1 || widths[col]! > widths[widest]!)) widest = col
    }
    if (widest === -1) break // as narrow as it gets without cutting words: the terminal wraps the rest
    widths[widest]!--
  }
  return widths
}
