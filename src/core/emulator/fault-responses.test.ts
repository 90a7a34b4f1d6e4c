import { describe, expect, it } from 'vitest'
import { FAULTS } from '../faults.js'
import { chatRequest, emulator, GPT_41_MINI, HELLO } from './test-support.js'

const ROUTED = FAULTS.filter((f) => f.layer !== 'answer')

describe('the fault response table', () => {
  it.each(ROUTED.map((f) => [f.name, f.status] as const))(
    'answers %s with the status the fault catalog declares (%i)',
    async (name, status) => {
      // A stall never answers: the case's signal ends it, as the runner's does when the case is over.
      const target = emulator({ '0': name }, { signal: AbortSignal.timeout(50) })
      const response = await target
        .handle(chatRequest({ model: GPT_41_MINI, messages: HELLO }))
        .catch(() => ({ status: 0 }))
      expect(response.status).toBe(status)
    },
  )
})
