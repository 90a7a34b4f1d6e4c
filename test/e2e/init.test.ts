import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT, runMain, unwrapped } from '../helpers/run-cli.js'

describe('cascade-harness init', () => {
  it('scaffolds a config and a first scenario that lint and run accept, and never overwrites', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'init-'))
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }))
    // The scaffold imports 'cascade-harness': resolve it to this checkout, as an installed package would.
    await mkdir(path.join(dir, 'node_modules'))
    await symlink(REPO_ROOT, path.join(dir, 'node_modules', 'cascade-harness'), 'dir')
    const first = await runMain(['init'], { cwd: dir })
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('created cascade.config.ts')
    expect(first.stdout).toContain(`created ${path.join('scenarios', 'first.scenario.ts')}`)

    const lint = await runMain(['lint', '--reporter', 'table'], { cwd: dir })
    expect(lint.stderr).toBe('')
    expect(lint.code).toBe(0)
    const run = await runMain(['run', '--reporter', 'table'], { cwd: dir })
    expect(run.stderr).toMatch(/^\[1\/1\] ✗ [\w-]+: \d+ cases, \d+ failed[^\n]*\n$/)
    // The scaffold's reference client repairs nothing: its quirk cases fail, as init says they will.
    expect(first.stdout).toContain('The first run fails its answer-quirk cases on purpose')
    expect(run.code).toBe(1)
    // Not a terminal: the table fits 80 columns, verdict and outcome joined (`✓ valid`).
    expect(run.stdout).toMatch(/│ ✓ (pass|valid)/)
    expect(unwrapped(run.stdout)).toContain(
      'the reference client is a plain fetch client that repairs and refuses nothing',
    )

    const withArgument = await runMain(['init', 'my-app'], { cwd: dir })
    expect(withArgument.code).toBe(2)
    expect(withArgument.stderr).toContain('init takes no arguments')

    await writeFile(path.join(dir, 'cascade.config.ts'), '// mine\n')
    const again = await runMain(['init'], { cwd: dir })
    expect(again.stdout).toContain('kept    cascade.config.ts (it exists)')
    expect(await readFile(path.join(dir, 'cascade.config.ts'), 'utf8')).toBe('// mine\n')
  })
})
