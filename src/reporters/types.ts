import type { Report } from '../schema/report.js'

/** How a reporter should render. The caller decides color (TTY, `--no-color`, `NO_COLOR`). */
export interface RenderOptions {
  /** Use ANSI colors. Reporters never look at the environment themselves. */
  color: boolean
  /** Terminal width in columns, when known: the table reporter fits its table into it. */
  width?: number
  /**
   * Also wrap the sentences around the table at `width` (a terminal). Off for pipes and CI logs, where
   * a sentence on one line is what grep and log viewers want.
   */
  wrapText?: boolean
  /** The directory the user ran from: absolute scenario paths are shown relative to it. */
  cwd?: string
  /** The repository's root (GITHUB_WORKSPACE or the git root): GitHub annotations name files relative to it. */
  repoRoot?: string
  /**
   * The 1-based line of a field in a scenario file (`path` as in a lint finding, `value` an entry of
   * the list it names, such as a model id). The caller reads the files; reporters stay free of I/O.
   */
  locate?: (file: string, scenario: string, path: string, value?: string) => number | undefined
}

/** What a reporter produces. The runner prints `stdout` and writes `files` into `--out-dir`. */
export interface ReporterOutput {
  stdout?: string
  files?: Array<{ /** Relative to `--out-dir`. */ path: string; content: string }>
}

/** Renders one report model. Pure: no I/O, no clock, no environment. */
export interface Reporter {
  name: string
  render(report: Report, options: RenderOptions): ReporterOutput
}
