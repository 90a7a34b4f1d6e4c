import path from 'node:path'
import { InputError } from '../../errors.js'
import { DEFAULT_OUT_DIR } from '../../schema/defaults.js'
import { mergeReportFiles } from '../../runner/merge-report-files.js'
import { gateExitCode } from '../../runner/report/gate.js'
import type { Command } from '../io.js'
import { COMMON_FLAGS, helpText, parseFlags } from '../options.js'
import { defaultReporters, emitReport, isCi, resolveReporters, useColor } from '../output.js'

const MERGE_FLAGS = {
  ci: COMMON_FLAGS.ci,
  reporter: COMMON_FLAGS.reporter,
  'out-dir': COMMON_FLAGS['out-dir'],
  'no-color': COMMON_FLAGS['no-color'],
  help: COMMON_FLAGS.help,
} as const
const USAGE = 'Usage: cascade-harness merge <cascade-report.json>... [options]'
const SUMMARY =
  'Merges the JSON reports of `run --shard 1/n` ... `n/n` of one run into one report, renders it with the reporters (default: as `run`: table and json, plus junit and markdown with --ci) and gates on it: exit 0 when every case passed and no lint error, 1 otherwise, 2 unless the reports are the complete set of shards of one run.'

const merge: Command = async (argv, io) => {
  const { values, positionals } = parseFlags('merge', argv, MERGE_FLAGS)
  if (values.help) {
    io.stdout.write(helpText(USAGE, SUMMARY, MERGE_FLAGS))
    return 0
  }
  if (positionals.length === 0) {
    throw new InputError([
      {
        file: 'cascade-harness merge',
        path: 'arguments',
        problem: 'no report was given',
        fix: 'pass the cascade-report.json of each shard',
      },
    ])
  }
  const ci = isCi(io, values.ci)
  // The reporters `run` writes with the same flags: a merged CI gate also gets JUnit and a summary.
  const reporters = await resolveReporters(values.reporter ?? defaultReporters(ci, io))
  const merged = await mergeReportFiles(positionals, io.cwd, { ci })
  const outDir = path.resolve(io.cwd, values['out-dir'] ?? DEFAULT_OUT_DIR)
  const written = await emitReport(merged, { reporters, outDir, color: useColor(io, values['no-color']) }, io)
  if (written.length > 0) io.stdout.write(`Report written to ${written.join(', ')}\n`)
  return gateExitCode(merged)
}

export default merge
