import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { InputError, type InputProblem } from '../errors.js'
import { reportSchema, type Report } from '../schema/report.js'
import { mergeReports, shardSetProblem, type ShardFile } from './report/merge.js'

/**
 * The programmatic core of `cascade-harness merge`: reads the shards' JSON reports (paths relative to
 * `cwd`), refuses any that is not a report with every problem at once, and merges them.
 */
export async function mergeReportFiles(
  files: readonly string[],
  cwd: string,
  options: { ci?: boolean } = {},
): Promise<Report> {
  const problems: InputProblem[] = []
  const shards: ShardFile[] = []
  for (const file of files) {
    const report = await readReport(path.resolve(cwd, file), file, problems)
    if (report) shards.push({ file, report })
  }
  if (problems.length > 0) throw new InputError(problems, 'E_REPORT')
  // Only the complete set of one run's shards makes a gate: anything else exits 2 with one sentence.
  const problem = shardSetProblem(shards, options.ci ?? false)
  if (problem !== null) throw new InputError([{ ...problem, path: '' }], 'E_SHARDS')
  return mergeReports(shards.map((s) => s.report))
}

async function readReport(absolute: string, file: string, problems: InputProblem[]): Promise<Report | undefined> {
  let text: string
  try {
    text = await readFile(absolute, 'utf8')
  } catch (error) {
    problems.push({
      file,
      path: '',
      problem: `the report cannot be read (${(error as NodeJS.ErrnoException).code ?? 'an error'})`,
      fix: 'pass the path of a cascade-report.json that `run --shard` wrote',
    })
    return undefined
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    problems.push({
      file,
      path: '',
      problem: 'the file is not JSON',
      fix: 'pass the cascade-report.json that `run` wrote (the json reporter)',
    })
    return undefined
  }
  const parsed = reportSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    problems.push({
      file,
      path: issue?.path.join('.') ?? '',
      problem: `the file is not a cascade-harness report (${issue?.message ?? 'unexpected shape'})`,
      fix: 'pass the cascade-report.json that `run` wrote with this version of cascade-harness',
    })
    return undefined
  }
  return parsed.data
}
