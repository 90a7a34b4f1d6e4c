/**
 * Vitest global setup: the whole suite's temporary folders (`mkdtemp(tmpdir())` in tests, in the
 * harness itself, in the CLI processes and exec commands they spawn) go under one folder made here,
 * removed at the end of the run, so a test that forgets its clean-up, or dies before it, leaves
 * nothing behind. `os.tmpdir()` reads TMPDIR, which every worker and child process inherits.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

export default function setup(): () => void {
  const previous = process.env.TMPDIR
  const root = mkdtempSync(path.join(tmpdir(), 'cascade-tests-'))
  process.env.TMPDIR = root
  process.env.CASCADE_SUITE_TMP = root
  return () => {
    if (previous === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = previous
    rmSync(root, { recursive: true, force: true })
  }
}
