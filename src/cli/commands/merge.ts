import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { InputError, type InputProblem } from '../../errors.js'
import { reportSchema, type Report } from '../../schema/report.js'
import { mergeReports } from '../../runner/merge-reports.js'
import type { Command } from '../io.js'
import { COMMON_FLAGS, helpText, parseFlags } from '../options.js'
import { emitReport, resolveReporters, useColor } from '../output.js'

const MERGE_FLAGS = {
  reporter: COMMON_FLAGS.reporter,
  'out-dir': COMMON_FLAGS['out-dir'],
  'no-color': COMMON_FLAGS['no-color'],
  help: COMMON_FLAGS.help,
} as const
const USAGE = 'Usage: cascade-harness merge <cascade-report.json>... [options]'
const SUMMARY =
  'Merges the JSON reports of `run --shard 1/n` ... `n/n` into one report, renders it with the reporters (default: table and json) and gates on it: exit 0 when every case passed and no lint error, 1 otherwise.'

const merge: Command = async (argv, io) => {
  const { values, positionals } = parseFlags('merge', argv, MERGE_FLAGS)
  if (values.help) {
    io.stdout.write(helpText(USAGE, SUMMARY, MERGE_FLAGS))
    return 0
  }
  if (positionals.length === 0) {
    throw new InputError([{ file: 'cascade-harness merge', path: 'arguments', problem: 'no report was given', fix: 'pass the cascade-report.json of each shard' }])
  }
  const reporters = resolveReporters(values.reporter ?? ['table', 'json'])
  const problems: InputProblem[] = []
  const reports: Report[] = []
  for (const file of positionals) {
    const report = await readReport(path.resolve(io.cwd, file), file, problems)
    if (report) reports.push(report)
  }
  if (problems.length > 0) throw new InputError(problems, 'E_REPORT')
  const merged = mergeReports(reports)
  const outDir = path.resolve(io.cwd, values['out-dir'] ?? '.cascade-out')
  const written = await emitReport(merged, { reporters, outDir, color: useColor(io, values['no-color']) }, io)
  if (written.length > 0) io.stdout.write(`Report written to ${written.join(', ')}\n`)
  return merged.passed ? 0 : 1
}

async function readReport(absolute: string, file: string, problems: InputProblem[]): Promise<Report | undefined> {
  let text: string
  try {
    text = await readFile(absolute, 'utf8')
  } catch (error) {
    problems.push({ file, path: '', problem: `the report cannot be read (${(error as NodeJS.ErrnoException).code ?? 'an error'})`, fix: 'pass the path of a cascade-report.json that `run --shard` wrote' })
    return undefined
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    problems.push({ file, path: '', problem: 'the file is not JSON', fix: 'pass the cascade-report.json that `run` wrote (the json reporter)' })
    return undefined
  }
  const parsed = reportSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    problems.push({ file, path: issue?.path.join('.') ?? '', problem: `the file is not a cascade-harness report (${issue?.message ?? 'unexpected shape'})`, fix: 'pass the cascade-report.json that `run` wrote with this version of cascade-harness' })
    return undefined
  }
  return parsed.data
}

export default merge
