import { describe, expect, it } from 'vitest'
import { CASCADE_TIMEOUT_MS, expectCascadeToPass } from './vitest.js'

describe('expectCascadeToPass', () => {
  it('lists every failure when the gate fails', async () => {
    const error = (await expectCascadeToPass(['scenarios/2-trimmed-cascade.scenario.ts']).then(
      () => undefined,
      (e: unknown) => e,
    )) as Error
    expect(error).toBeInstanceOf(Error)
    expect(error.message).toMatch(
      /^cascade-harness: the gate fails\.\ntrimmed-cascade: lint unsupported-parameter at request\.tools/,
    )
    expect(error.message).toMatch(/trimmed-cascade \/ rate_limit@0-1: /)
  })

  // Last: the run it gives up on goes on in the background until it ends.
  it('gives a run 2 minutes by default and fails a slower one with a sentence instead of hanging', async () => {
    expect(CASCADE_TIMEOUT_MS).toBe(120_000)
    await expect(expectCascadeToPass(['scenarios/3-corrected-cascade.scenario.ts'], { timeoutMs: 1 })).rejects.toThrow(
      /^cascade-harness: the run of scenarios\/3-corrected-cascade\.scenario\.ts took longer than 1 ms\. Fix: pass a larger timeoutMs/,
    )
  })
})
