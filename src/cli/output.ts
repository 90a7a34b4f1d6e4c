import { appendFile } from 'node:fs/promises'
import path from 'node:path'
import { loadReporter, type Reporter } from '../reporters/index.js'
import { InputError } from '../errors.js'
import { writeFileAtomic } from '../adapters/fs/atomic-write.js'
import { environmentCause } from '../adapters/fs/environment-error.js'
import { environmentSecrets, scrubText } from '../adapters/cassette-store/redact.js'
import type { Report } from '../schema/report.js'
import type { CliIO, TerminalStream } from './io.js'
import { repositoryRoot, scenarioLocator } from './scenario-lines.js'

export interface OutputOptions {
  reporters: readonly Reporter[]
  /** Absolute, or relative to the current folder. */
  outDir: string
  color: boolean
  /** Where scenario paths of the report may also be relative to (the config's folder, when the run used its globs). */
  scenarioRoot?: string
  /** Replaces the `cascade-` prefix of report files, so `lint` never overwrites what `run` wrote. */
  filePrefix?: string
}

/** Resolves reporter names before any work is done: a typo should not cost a whole run. */
export async function resolveReporters(names: readonly string[]): Promise<Reporter[]> {
  // Every name is checked before any reporter loads.
  const loading = names.map(loadReporter)
  return Promise.all(loading)
}

/** Renders the report with each reporter, prints what goes to stdout and writes the files. */
export async function emitReport(report: Report, options: OutputOptions, io: CliIO): Promise<string[]> {
  const written: string[] = []
  const outDir = path.resolve(io.cwd, options.outDir)
  // The last line of defence for files, as main's writers are for stdout and stderr.
  const secrets = environmentSecrets(io.env)
  // Only annotations point at lines: the scenario files are read when the github reporter runs.
  const github = options.reporters.some((r) => r.name === 'github')
  const lines = github
    ? {
        repoRoot: repositoryRoot(io),
        locate: await scenarioLocator(report, [io.cwd, ...(options.scenarioRoot ? [options.scenarioRoot] : [])]),
      }
    : {}
  for (const reporter of options.reporters) {
    const output = reporter.render(report, {
      color: options.color,
      cwd: io.cwd,
      width: outputWidth(io),
      wrapText: io.stdout.isTTY === true,
      ...lines,
    })
    if (output.stdout) io.stdout.write(output.stdout)
    for (const file of output.files ?? []) {
      const target = path.join(
        outDir,
        options.filePrefix ? file.path.replace(/^cascade-/, options.filePrefix) : file.path,
      )
      const content = scrubText(file.content, secrets)
      await writeReportFile(target, content, options.outDir)
      written.push(path.relative(io.cwd, target) || target)
      // GitHub shows the Markdown summary on the job page when it is appended here.
      if (reporter.name === 'markdown' && io.env.GITHUB_STEP_SUMMARY)
        await appendFile(io.env.GITHUB_STEP_SUMMARY, content)
    }
  }
  return written
}

/**
 * A report is replaced atomically (temp file, rename): a kill or a full disk mid-write leaves the
 * previous report whole, never a truncated one a CI step would parse. Without fsync: a report is
 * written anew by every run, and the flushes cost a short command tens of milliseconds. A write the environment
 * refuses (full disk, no permission, a folder in the way) is the user's to fix: a sentence, exit 2;
 * anything else propagates as our bug.
 */
export async function writeReportFile(
  target: string,
  content: string,
  outDir: string,
  write: typeof writeFileAtomic = writeFileAtomic,
): Promise<void> {
  try {
    await write(target, content, { durable: false })
  } catch (error) {
    const environment = environmentCause(error)
    if (environment === undefined) throw error
    throw new InputError([
      {
        file: 'cascade-harness',
        path: '--out-dir',
        problem: `the report could not be written to ${target}: ${environment.cause} (${environment.code}); the previous report there, if any, is unchanged`,
        fix:
          environment.code === 'ENOSPC' || environment.code === 'EDQUOT'
            ? 'free disk space and run again'
            : `pass --out-dir a folder you can write to (now "${outDir}")`,
      },
    ])
  }
}

/**
 * Whether to color what goes to `stream`, in this order: `--no-color`; FORCE_COLOR (`0` or `false`
 * turn color off, any other value on, as Node and chalk read it); NO_COLOR when not empty
 * (no-color.org); TERM=dumb; then the stream itself: a terminal that says it has colors.
 */
export function useColor(io: CliIO, noColorFlag: boolean | undefined, stream: TerminalStream = io.stdout): boolean {
  if (noColorFlag) return false
  const force = io.env.FORCE_COLOR
  if (force !== undefined) return force !== '0' && force !== 'false'
  if (io.env.NO_COLOR) return false
  if (io.env.TERM === 'dumb') return false
  if (stream.isTTY !== true) return false
  return stream.hasColors ? stream.hasColors(16, io.env) : true
}

/** Columns to fit a table into: the terminal's width, else COLUMNS, else the classic 80 (pipes, files, CI logs). */
export function outputWidth(io: CliIO, stream: TerminalStream = io.stdout): number {
  if (stream.isTTY && stream.columns && stream.columns > 0) return stream.columns
  const fromEnv = Number(io.env.COLUMNS)
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 80
}

export function isCi(io: CliIO, flag: boolean | undefined): boolean {
  return flag === true || io.env.CI === 'true' || io.env.CI === '1'
}

/** Reporters when neither --reporter nor the config names any (`run`, `lint`, `merge`): CI systems also want JUnit and a summary. */
export function defaultReporters(ci: boolean, io: CliIO): string[] {
  if (!ci) return ['table', 'json']
  return ['table', 'json', 'junit', 'markdown', ...(io.env.GITHUB_ACTIONS === 'true' ? ['github'] : [])]
}
