import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setupServer } from 'msw/node'
import { createEmulator } from '../../core/emulator/index.js'
import { BUILTIN_CATALOG } from '../../core/catalog/builtin.js'
import type { Plan } from '../../core/types.js'
import { createRouterHandlers } from './handlers.js'

const plan: Plan = { id: 'rate_limit@0', at: { '0': 'rate_limit' }, expect: { servedBy: 'openai/gpt-4.1-mini' } }
const emulator = createEmulator({ catalog: BUILTIN_CATALOG, plan, seed: 1, options: {} })
const server = setupServer(...createRouterHandlers(emulator))

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

describe('the emulator as msw handlers', () => {
  it('answers a fetch to the router inside an msw server, falling back as the plan says', async () => {
    const response = await fetch('https://openrouter.ai/api/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
      body: JSON.stringify({
        models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini'],
        messages: [{ role: 'user', content: 'hi' }],
      }),
    })
    expect(response.status).toBe(200)
    expect(((await response.json()) as { model: string }).model).toBe('openai/gpt-4.1-mini')
    expect(emulator.traces.at(-1)?.attempts.map((a) => a.status)).toEqual([429, 200])
  })
})
