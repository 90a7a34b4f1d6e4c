import { describe, expect, it } from 'vitest'
import { startInterception } from './index.js'
import { namedEmulator } from './test-support.js'

describe('the interception lifecycle', () => {
  it('is one per process: starting again returns the running interception', () => {
    const first = startInterception()
    expect(startInterception()).toBe(first)
    first.stop()
  })

  it('restores the global fetch on stop, and starts afresh after', () => {
    const original = globalThis.fetch
    const interception = startInterception()
    expect(globalThis.fetch).not.toBe(original)
    interception.stop()
    expect(globalThis.fetch).toBe(original)
    expect(interception.active).toBe(false)
    const again = startInterception()
    expect(again).not.toBe(interception)
    again.stop()
    expect(globalThis.fetch).toBe(original)
  })

  it('refuses runInCase after stop, since its requests could reach the network', async () => {
    const interception = startInterception()
    interception.stop()
    await expect(
      interception.runInCase({ emulator: namedEmulator('x'), onUnhandled: () => {} }, async () => 1),
    ).rejects.toThrow(/runInCase was called after the interception was stopped/)
  })

  it('refuses a case whose base URL is not absolute before running it', async () => {
    const interception = startInterception()
    let ran = false
    const route = { emulator: namedEmulator('x'), baseUrls: ['openrouter.ai/api/v1'], onUnhandled: () => {} }
    await expect(interception.runInCase(route, async () => (ran = true))).rejects.toMatchObject({
      code: 'E_BASE_URL',
      category: 'input',
    })
    expect(ran).toBe(false)
    interception.stop()
  })

  it('returns what the case function returns and rejects with what it throws', async () => {
    const interception = startInterception()
    const route = { emulator: namedEmulator('x'), onUnhandled: () => {} }
    await expect(interception.runInCase(route, async () => 42)).resolves.toBe(42)
    await expect(
      interception.runInCase(route, () => {
        throw new Error('sync throw')
      }),
    ).rejects.toThrow('sync throw')
    interception.stop()
  })
})
