import { KILLED_BY_SIGNAL, STOPPED_BY_HARNESS, type ClientRun } from '../../core/judge.js'
import { scrubText } from '../../adapters/cassette-store/redact.js'
import { InputError } from '../../errors.js'
import { MAX_STDOUT_BYTES, type ChildEnd } from './child-process.js'
import { lastLine, stripAnsi, uncaughtError } from './uncaught-error.js'

/**
 * What the command did, as the judge reads it (README.md "The default matrix"; the rules are in the
 * header of host.ts). A shell that cannot run the command at all (exit 127 "not found", 126 "cannot execute")
 * is bad input, not a client's verdict: every case would fail the same way, or pass as "surfaced".
 */
export function exitRun(end: ChildEnd, setup: { command: string; file: string; cwd: string }): ClientRun {
  if (end.hung) return { kind: 'hung', deadlineMs: end.deadlineMs }
  if (end.stdoutOverflow) {
    const mb = Math.round(MAX_STDOUT_BYTES / (1024 * 1024))
    return {
      kind: 'threw',
      error: {
        name: STOPPED_BY_HARNESS,
        message: `the command wrote more than ${mb} MB to stdout, the most the harness reads as an answer, so it was stopped; print only the result as JSON`,
      },
    }
  }
  const stderr = stripAnsi(end.stderr)
  if (end.code === 0) {
    const text = end.stdout.trim()
    try {
      return { kind: 'returned', value: JSON.parse(text) as unknown }
    } catch {
      return { kind: 'returned', value: text }
    }
  }
  const last = lastLine(stderr)
  if (
    (end.code === 127 && /not found|No such file/i.test(last)) ||
    (end.code === 126 && /denied|cannot execute|not executable/i.test(last))
  ) {
    throw new InputError(
      [
        {
          file: setup.file,
          path: 'client.exec',
          problem: `the shell could not run \`${scrubText(setup.command, [])}\` in ${setup.cwd} (${last})`,
          fix: "make the command run from the scenario file's folder (check the program is installed and on PATH, and the script path)",
        },
      ],
      'E_EXEC',
    )
  }
  const uncaught = uncaughtError(stderr)
  if (uncaught?.crash) return { kind: 'threw', error: { name: uncaught.name, message: uncaught.message } }
  // A Node dump ends in stack frames and the version: the error's own line says more than the last one.
  const detail = uncaught?.line ?? last
  // Killed by a signal (a segfault, an abort, the OOM killer), or a shell reporting one as 128+n: a crash.
  if (end.code === null)
    return {
      kind: 'threw',
      error: {
        name: KILLED_BY_SIGNAL,
        message: `the command was killed by ${end.signal ?? 'a signal'}${detail === '' ? '' : `: ${detail}`}`,
      },
    }
  if (end.code > 128 && end.code < 160) {
    return {
      kind: 'threw',
      error: {
        name: KILLED_BY_SIGNAL,
        message: `the command was killed by signal ${end.code - 128} (exit code ${end.code})${detail === '' ? '' : `: ${detail}`}`,
      },
    }
  }
  return {
    kind: 'threw',
    error: {
      name: 'ExitCode',
      message: detail === '' ? `the command exited with code ${end.code} and wrote nothing to stderr` : detail,
    },
  }
}
