import { CRASH_ERRORS, NON_ERROR } from '../../core/judge.js'

/**
 * Reading a command's stderr: the dump Node or Python writes as an uncaught error kills it, its last
 * line, and no colour codes. Text in, data out: no process here.
 */

/** An uncaught error at the end of stderr: its name for the judge, and whether it is a crash. */
export interface UncaughtError {
  /** The name the judge sees: a crash name (TypeError, SyntaxError, ...) when `crash`. */
  name: string
  message: string
  crash: boolean
  /** The error's own line (`InvoiceError: router said 402`), the best message for a surfaced error. */
  line: string
}

/** JavaScript errors that are bugs, never surfaced errors (judge.ts `isCrash`). */
const JS_CRASHES: ReadonlySet<string> = new Set(CRASH_ERRORS)

/**
 * Python exceptions that are bugs in the client, with the JavaScript error the judge counts them as.
 * A Python class keeps its own name in the message (`Python KeyError: 'choices'`).
 * - TypeError -> TypeError (the same bug);
 * - KeyError, AttributeError -> TypeError (JS: reading a property of undefined / null);
 * - IndexError -> TypeError (no JS twin: an index past the end reads undefined; counted as the
 *   TypeError that follows it);
 * - JSONDecodeError (json.decoder., requests.exceptions., simplejson.) -> SyntaxError (JSON.parse);
 * - SyntaxError, IndentationError, TabError -> SyntaxError;
 * - NameError, UnboundLocalError -> ReferenceError;
 * - RecursionError -> RangeError (JS: "Maximum call stack size exceeded").
 * Anything else uncaught (ValueError, the app's own exceptions, an SDK's APIStatusError) is a
 * surfaced error: the app chose to stop.
 */
const PYTHON_CRASHES: Readonly<Record<string, string>> = {
  TypeError: 'TypeError',
  KeyError: 'TypeError',
  AttributeError: 'TypeError',
  IndexError: 'TypeError',
  JSONDecodeError: 'SyntaxError',
  SyntaxError: 'SyntaxError',
  IndentationError: 'SyntaxError',
  TabError: 'SyntaxError',
  NameError: 'ReferenceError',
  UnboundLocalError: 'ReferenceError',
  RecursionError: 'RangeError',
}

/** `Name: message`, `Name [CODE]: message` (Node) or a bare `Name`; dotted for Python modules. */
const ERROR_LINE = /^([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)(?: \[[A-Za-z0-9_]+\])?(?::\s?(.*))?$/

/**
 * Reads the dump Node or Python writes for an uncaught error, when stderr ends with one.
 * - Node ends it with `Node.js vX.Y.Z`; the error's line follows the source line and its `^` marker
 *   (else it is the last unindented `Name: message` line followed by a stack frame). A thrown
 *   non-Error (`throw 'x'`, a promise rejected with one) is the judge's NonError.
 * - Python prints `Traceback (most recent call last):`, indented frames, then `Class: message` as the
 *   last line (the last traceback when exceptions are chained); a syntax error in the script has a
 *   `File "...", line N` frame and no Traceback line.
 * Output from the app itself before the dump (a logged, handled TypeError) is not read.
 */
export function uncaughtError(stderr: string): UncaughtError | undefined {
  const lines = stderr.split(/\r?\n/)
  return nodeUncaught(lines) ?? pythonUncaught(lines)
}

function nodeUncaught(lines: string[]): UncaughtError | undefined {
  const versionAt = lastIndex(lines, (line) => /^Node\.js v\d+/.test(line.trim()))
  if (versionAt < 0) return undefined
  const dump = lines.slice(0, versionAt)
  const text = dump.join('\n')
  if (/UnhandledPromiseRejection/.test(text)) {
    const reason = /rejected with the reason "(.*)"\./.exec(text)?.[1]
    return {
      name: NON_ERROR,
      message: `the command rejected a promise with a non-Error value${reason !== undefined ? `: ${reason}` : ''}`,
      crash: true,
      line: 'UnhandledPromiseRejection',
    }
  }
  const caret = lastIndex(dump, (line) => /^\s*\^+\s*$/.test(line))
  let errorAt = -1
  if (caret >= 0) errorAt = dump.findIndex((line, i) => i > caret && line.trim() !== '')
  if (
    caret >= 0 &&
    errorAt >= 0 &&
    dump.slice(errorAt).some((line) => line.startsWith('(Use `node --trace-uncaught'))
  ) {
    return {
      name: NON_ERROR,
      message: `the command threw a non-Error value: ${dump[errorAt]?.trim() ?? ''}`,
      crash: true,
      line: dump[errorAt]?.trim() ?? '',
    }
  }
  if (errorAt < 0 || !ERROR_LINE.test(dump[errorAt] as string)) {
    errorAt = lastIndex(
      dump,
      (line, i) => !/^\s/.test(line) && ERROR_LINE.test(line) && /^\s+at /.test(dump[i + 1] ?? ''),
    )
  }
  if (errorAt < 0) return undefined
  const line = (dump[errorAt] as string).trim()
  const [, name = '', message = ''] = ERROR_LINE.exec(line) ?? []
  return { name: JS_CRASHES.has(name) ? name : 'ExitCode', message, crash: JS_CRASHES.has(name), line }
}

function pythonUncaught(lines: string[]): UncaughtError | undefined {
  const lastAt = lastIndex(lines, (line) => line.trim() !== '')
  if (lastAt < 0) return undefined
  const tracebackAt = lastIndex(lines, (line) => line.startsWith('Traceback (most recent call last):'))
  let errorAt: number
  if (tracebackAt >= 0) {
    errorAt = lines.findIndex((line, i) => i > tracebackAt && line.trim() !== '' && !/^\s/.test(line))
    // Only the dump Python writes as it dies: unindented lines after it are the app's own output.
    if (errorAt < 0 || lines.slice(errorAt + 1).some((line) => line.trim() !== '' && !/^\s/.test(line)))
      return undefined
  } else if (
    /^(SyntaxError|IndentationError|TabError):/.test(lines[lastAt] as string) &&
    lines.some((line) => /^\s+File ".*", line \d+/.test(line))
  ) {
    errorAt = lastAt
  } else {
    return undefined
  }
  const line = (lines[errorAt] as string).trim()
  const match = ERROR_LINE.exec(line)
  if (!match) return undefined
  const bare = (match[1] as string).split('.').at(-1) as string
  const crashName = PYTHON_CRASHES[bare]
  return crashName
    ? { name: crashName, message: `Python ${line}`, crash: true, line }
    : { name: 'ExitCode', message: match[2] ?? '', crash: false, line }
}

/** The last non-empty line of stderr, skipping Node's trailing version line. */
export function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).map((line) => line.trim())
  const found = lastIndex(lines, (line) => line !== '' && !/^Node\.js v\d+/.test(line))
  return found < 0 ? '' : (lines[found] as string)
}

function lastIndex<T>(items: readonly T[], test: (item: T, index: number) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i] as T, i)) return i
  return -1
}

export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')
}
