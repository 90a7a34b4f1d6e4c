import { execFileSync } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { expect, it } from 'vitest'
import { runCli } from './helpers/run-cli.js'

it('every temporary folder of the suite, in tests and in the processes they spawn, is under the folder the global setup removes', async () => {
  const root = process.env.CASCADE_SUITE_TMP
  expect(root, 'test/helpers/suite-temp.ts ran').toBeDefined()
  const made = await mkdtemp(path.join(tmpdir(), 'cascade-run-'))
  expect(path.dirname(made)).toBe(root)
  // A spawned process inherits it too (a CLI's reports, an init folder, an exec command's files): asked in the child.
  const child = await runCli(['--version'], { env: {} })
  expect(child.code).toBe(0)
  const childTmp = execFileSync(process.execPath, ['-e', "process.stdout.write(require('node:os').tmpdir())"], {
    encoding: 'utf8',
  })
  expect(childTmp).toBe(root)
})
