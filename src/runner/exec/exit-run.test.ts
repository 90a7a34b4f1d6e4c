import { describe, expect, it } from 'vitest'
import type { ChildEnd } from './child-process.js'
import { exitRun } from './exit-run.js'

const setup = { command: 'python app.py', file: 'scenarios/app.scenario.ts', cwd: '/srv/app/scenarios' }
const ended = (end: Partial<ChildEnd>): ChildEnd => ({
  code: 1,
  signal: null,
  stdout: '',
  stderr: '',
  hung: false,
  stdoutOverflow: false,
  strays: 0,
  deadlineMs: 10_000,
  ...end,
})
const threw = (stderr: string, code = 1) => exitRun(ended({ code, stderr }), setup)

// Real dumps (Node 20/24 and Python 3.11 print the same shapes), trimmed of irrelevant frames.
const NODE_TYPE_ERROR = `TypeError: logged, handled
    at file:///tmp/app.mjs:2:15
    at ModuleJob.run (node:internal/modules/esm/module_job:325:25)
file:///tmp/app.mjs:3
JSON.parse(body.choices[0].message.content)
                       ^

TypeError: Cannot read properties of undefined (reading '0')
    at file:///tmp/app.mjs:3:24
    at ModuleJob.run (node:internal/modules/esm/module_job:325:25)

Node.js v24.1.0
`
const NODE_OWN_ERROR = `[eval]:1
class InvoiceError extends Error{name='InvoiceError'}; throw new InvoiceError('router said 402', {cause: new TypeError('inner')})
                                                       ^

InvoiceError: router said 402
    at [eval]:1:62
    at node:internal/main/eval_string:51:3 {
  [cause]: TypeError: inner
      at [eval]:1:106
      at node:internal/main/eval_string:51:3
}

Node.js v24.1.0
`
const NODE_FETCH_FAILED = `node:internal/deps/undici/undici:14976
      Error.captureStackTrace(err);
            ^

TypeError: fetch failed
    at node:internal/deps/undici/undici:14976:13
    at async file:///tmp/app.mjs:1:1 {
  [cause]: Error: other side closed
      at makeNetworkError (node:internal/deps/undici/undici:9495:35)
}

Node.js v24.1.0
`
const NODE_THROWS_STRING = `[eval]:1
throw 'str'
^
str
(Use \`node --trace-uncaught ...\` to show where the exception was thrown)

Node.js v24.1.0
`
const NODE_REJECTS_STRING = `node:internal/process/promises:389
      new UnhandledPromiseRejection(reason);
      ^

UnhandledPromiseRejection: This error originated either by throwing inside of an async function without a catch block, or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason "str".
    at throwUnhandledRejectionsMode (node:internal/process/promises:389:7) {
  code: 'ERR_UNHANDLED_REJECTION'
}

Node.js v24.1.0
`
const PY_KEY_ERROR = `Traceback (most recent call last):
  File "/srv/app/app.py", line 4, in <module>
    content = body["choices"][0]["message"]["content"]
              ~~~~^^^^^^^^^^^
KeyError: 'choices'
`
const PY_JSON = `Traceback (most recent call last):
  File "/srv/app/app.py", line 9, in <module>
    answer = json.loads(content)
  File "/usr/lib/python3.11/json/decoder.py", line 355, in raw_decode
    raise JSONDecodeError("Expecting value", s, err.value) from None
json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)
`
const PY_CHAINED = `Traceback (most recent call last):
  File "<string>", line 3, in <module>
KeyError: 'a'

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "<string>", line 5, in <module>
app.errors.InvoiceExtractionError: the router said 402
`
const PY_SYNTAX = `  File "/srv/app/app.py", line 1
    x = (
        ^
SyntaxError: '(' was never closed
`

describe('exitRun: what an exec client did, as the judge reads it', () => {
  it('returns stdout parsed as JSON on exit 0, else the trimmed text', () => {
    expect(exitRun(ended({ code: 0, stdout: ' {"city":"Lisbon"}\n' }), setup)).toEqual({
      kind: 'returned',
      value: { city: 'Lisbon' },
    })
    expect(exitRun(ended({ code: 0, stdout: 'Sure!\n' }), setup)).toEqual({ kind: 'returned', value: 'Sure!' })
    expect(exitRun(ended({ code: 0, stdout: '', stderr: PY_KEY_ERROR }), setup)).toEqual({
      kind: 'returned',
      value: '',
    })
  })

  it('is a hang when killed at the deadline, whatever it wrote', () => {
    expect(
      exitRun(ended({ code: null, signal: 'SIGKILL', hung: true, deadlineMs: 300, stderr: PY_KEY_ERROR }), setup),
    ).toEqual({ kind: 'hung', deadlineMs: 300 })
  })

  it('surfaces a non-zero exit as ExitCode with the last stderr line', () => {
    expect(threw('calling the router...\nInvoiceError: the router said 402\n\n')).toEqual({
      kind: 'threw',
      error: { name: 'ExitCode', message: 'InvoiceError: the router said 402' },
    })
    expect(threw('', 3)).toEqual({
      kind: 'threw',
      error: { name: 'ExitCode', message: 'the command exited with code 3 and wrote nothing to stderr' },
    })
  })

  it('counts a command killed by a signal, or a shell reporting one as 128+n, as a crash', () => {
    expect(exitRun(ended({ code: null, signal: 'SIGSEGV' }), setup)).toEqual({
      kind: 'threw',
      error: { name: 'KilledBySignal', message: 'the command was killed by SIGSEGV' },
    })
    expect(threw('Segmentation fault (core dumped)\n', 139)).toEqual({
      kind: 'threw',
      error: {
        name: 'KilledBySignal',
        message: 'the command was killed by signal 11 (exit code 139): Segmentation fault (core dumped)',
      },
    })
  })

  it("reads Node's uncaught crash, not a TypeError the app logged and handled before it", () => {
    expect(threw(NODE_TYPE_ERROR)).toEqual({
      kind: 'threw',
      error: { name: 'TypeError', message: "Cannot read properties of undefined (reading '0')" },
    })
    expect(threw(NODE_FETCH_FAILED)).toEqual({ kind: 'threw', error: { name: 'TypeError', message: 'fetch failed' } })
    // Logged, then a clean exit: no uncaught dump, so a surfaced error.
    expect(threw('TypeError: logged, handled\n    at file:///tmp/app.mjs:2:15\nInvoiceError: no answer\n')).toEqual({
      kind: 'threw',
      error: { name: 'ExitCode', message: 'InvoiceError: no answer' },
    })
  })

  it("surfaces Node's uncaught error of the app's own class with its line, even with a TypeError cause", () => {
    expect(threw(NODE_OWN_ERROR)).toEqual({
      kind: 'threw',
      error: { name: 'ExitCode', message: 'InvoiceError: router said 402' },
    })
  })

  it('counts a thrown or rejected non-Error value in Node as NonError', () => {
    expect(threw(NODE_THROWS_STRING)).toEqual({
      kind: 'threw',
      error: { name: 'NonError', message: 'the command threw a non-Error value: str' },
    })
    expect(threw(NODE_REJECTS_STRING)).toEqual({
      kind: 'threw',
      error: { name: 'NonError', message: 'the command rejected a promise with a non-Error value: str' },
    })
  })

  it('maps uncaught Python bugs to the crash names, keeping the Python class in the message', () => {
    expect(threw(PY_KEY_ERROR)).toEqual({
      kind: 'threw',
      error: { name: 'TypeError', message: "Python KeyError: 'choices'" },
    })
    expect(threw(PY_JSON)).toEqual({
      kind: 'threw',
      error: {
        name: 'SyntaxError',
        message: 'Python json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)',
      },
    })
    expect(threw(PY_SYNTAX)).toEqual({
      kind: 'threw',
      error: { name: 'SyntaxError', message: "Python SyntaxError: '(' was never closed" },
    })
    const last = (line: string) =>
      threw(`Traceback (most recent call last):\n  File "app.py", line 1, in <module>\n${line}\n`)
    expect(last("AttributeError: 'NoneType' object has no attribute 'content'")).toMatchObject({
      error: { name: 'TypeError' },
    })
    expect(last('IndexError: list index out of range')).toEqual({
      kind: 'threw',
      error: { name: 'TypeError', message: 'Python IndexError: list index out of range' },
    })
    expect(last("TypeError: 'NoneType' object is not subscriptable")).toMatchObject({ error: { name: 'TypeError' } })
    expect(last("NameError: name 'reponse' is not defined")).toMatchObject({ error: { name: 'ReferenceError' } })
    expect(last('RecursionError: maximum recursion depth exceeded')).toMatchObject({ error: { name: 'RangeError' } })
    // Colours (FORCE_COLOR on Python 3.13) do not hide it.
    expect(
      threw(
        `\u001b[35mTraceback (most recent call last):\u001b[0m\n  File "app.py", line 1\n\u001b[1;35mKeyError\u001b[0m: 'choices'\n`,
      ),
    ).toMatchObject({ error: { name: 'TypeError' } })
  })

  it("surfaces Python's uncaught exception of another class, and the last of a chain", () => {
    expect(threw(PY_CHAINED)).toEqual({
      kind: 'threw',
      error: { name: 'ExitCode', message: 'app.errors.InvoiceExtractionError: the router said 402' },
    })
    expect(
      threw(`Traceback (most recent call last):\n  File "app.py", line 1\nopenai.APIStatusError: Error code: 402\n`),
    ).toMatchObject({ error: { name: 'ExitCode' } })
    // A traceback the app logged and then handled, with its own last word.
    expect(threw(`ERROR:root:retrying\n${PY_KEY_ERROR}extraction failed: no step answered\n`)).toEqual({
      kind: 'threw',
      error: { name: 'ExitCode', message: 'extraction failed: no step answered' },
    })
  })

  it('refuses a command the shell cannot run as bad input', () => {
    expect(() => threw('/bin/sh: 1: python: not found\n', 127)).toThrow(
      "scenarios/app.scenario.ts: client.exec: the shell could not run `python app.py` in /srv/app/scenarios (/bin/sh: 1: python: not found). Fix: make the command run from the scenario file's folder (check the program is installed and on PATH, and the script path).",
    )
    expect(() => threw('/bin/sh: 1: ./app.py: Permission denied\n', 126)).toThrow(
      /client\.exec: the shell could not run/,
    )
    // An app's own 127 with another message is its verdict.
    expect(threw('gave up\n', 127)).toMatchObject({ kind: 'threw', error: { name: 'ExitCode', message: 'gave up' } })
  })
})
