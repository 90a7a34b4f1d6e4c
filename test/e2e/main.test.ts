import { describe, expect, it } from 'vitest'
import { reportError } from '../../src/cli/main.js'
import { InputError } from '../../src/errors.js'
import { memoryIO } from '../record/io.js'

describe('how main turns errors into exit codes', () => {
  it('exits 3 for an internal error, with one line and no stack trace unless CASCADE_DEBUG is set', () => {
    const bug = new RangeError('Invalid array length')
    const quiet = memoryIO('/', {})
    expect(reportError(bug, quiet.io)).toBe(3)
    expect(quiet.out.stderr).toContain(
      'cascade-harness hit an internal error (a bug on our side): RangeError: Invalid array length',
    )
    expect(quiet.out.stderr).not.toMatch(/\n\s+at /)
    const debug = memoryIO('/', { CASCADE_DEBUG: '1' })
    expect(reportError(bug, debug.io)).toBe(3)
    expect(debug.out.stderr).toMatch(/\n\s+at /)
  })

  it('exits 2 for bad input, printing only the sentences', () => {
    const { io, out } = memoryIO('/', {})
    expect(
      reportError(
        new InputError([
          { file: 'cascade.config.ts', path: 'seed', problem: 'expected a number', fix: 'write a whole number' },
        ]),
        io,
      ),
    ).toBe(2)
    expect(out.stderr).toBe('cascade.config.ts: seed: expected a number. Fix: write a whole number.\n')
  })
})

describe('the Node version check', () => {
  it('names the version and the fix on a Node older than 22.12, and accepts 22.12 and newer', async () => {
    const { unsupportedNode } = await import('../../src/cli/main.js')
    expect(unsupportedNode('20.20.2')).toContain('cascade-harness needs Node 22.12 or newer; this is Node 20.20.2.')
    expect(unsupportedNode('22.11.0')).toBeDefined()
    expect(unsupportedNode('22.12.0')).toBeUndefined()
    expect(unsupportedNode('24.21.0')).toBeUndefined()
  })
})
