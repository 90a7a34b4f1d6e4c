import { describe, expect, it } from 'vitest'
import { expectedServedBy } from './expected-server.js'

const STEPS = ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini', 'anthropic/claude-sonnet-4.5']
const any = () => true

describe('expectedServedBy', () => {
  it("expects no server when the account's fault is planned anywhere: it fails every request before routing", () => {
    expect(expectedServedBy({ '2': 'no_credits' }, STEPS, any)).toBeNull()
    expect(expectedServedBy({ 'openai/gpt-4.1-mini': ['bad_key'] }, STEPS, any)).toBeNull()
  })

  it("expects the next model after a model's own fault", () => {
    expect(expectedServedBy({ '0': 'rate_limit' }, STEPS, any)).toBe('openai/gpt-4.1-mini')
  })
})
