import { mkdir, writeFile, appendFile } from 'node:fs/promises'
import path from 'node:path'
import { getReporter, type ReporterName } from '../reporters/index.js'
import { reporterNames } from '../schema/config.js'
import { InputError } from '../errors.js'
import type { Report } from '../schema/report.js'
import type { CliIO } from './io.js'

export interface OutputOptions {
  reporters: readonly string[]
  outDir: string
  color: boolean
}

export function checkReporterNames(names: readonly string[]): ReporterName[] {
  const unknown = names.filter((n) => !(reporterNames as readonly string[]).includes(n))
  if (unknown.length > 0) {
    throw new InputError(unknown.map((name) => ({ file: 'cascade-harness', path: '--reporter', problem: `"${name}" is not a reporter`, fix: `use one of ${reporterNames.join(', ')}` })))
  }
  return names as ReporterName[]
}

/** Renders the report with each reporter, prints what goes to stdout and writes the files. */
export async function emitReport(report: Report, options: OutputOptions, io: CliIO): Promise<string[]> {
  const written: string[] = []
  const outDir = path.resolve(io.cwd, options.outDir)
  for (const name of checkReporterNames(options.reporters)) {
    const output = getReporter(name).render(report, { color: options.color, cwd: io.cwd, width: io.stdout.isTTY ? io.stdout.columns : undefined })
    if (output.stdout) io.stdout.write(output.stdout)
    for (const file of output.files ?? []) {
      const target = path.join(outDir, file.path)
      await mkdir(path.dirname(target), { recursive: true })
      await writeFile(target, file.content)
      written.push(path.relative(io.cwd, target) || target)
      // GitHub shows the Markdown summary on the job page when it is appended here.
      if (name === 'markdown' && io.env.GITHUB_STEP_SUMMARY) await appendFile(io.env.GITHUB_STEP_SUMMARY, file.content)
    }
  }
  return written
}

export function useColor(io: CliIO, noColorFlag: boolean | undefined): boolean {
  return !noColorFlag && !io.env.NO_COLOR && io.stdout.isTTY === true
}

export function isCi(io: CliIO, flag: boolean | undefined): boolean {
  return flag === true || io.env.CI === 'true' || io.env.CI === '1'
}
