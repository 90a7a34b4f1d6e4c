import { describe, expect, it } from 'vitest'
import { FAULTS } from '../faults.js'
import { emulator, GPT_41_MINI, HELLO, send } from './test-support.js'

const ROUTED = FAULTS.filter((f) => f.layer !== 'answer')

describe('the fault response table', () => {
  it.each(ROUTED.map((f) => [f.name, f.status] as const))('answers %s with the status the fault catalog declares (%i)', async (name, status) => {
    const answered = await send(emulator({ '0': name }), { model: GPT_41_MINI, messages: HELLO }).catch(() => ({ status: 0 }))
    expect(answered.status).toBe(status)
  })
})
