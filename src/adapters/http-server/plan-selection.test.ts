import { describe, expect, it } from 'vitest'
import { parsePlan, selectPlan } from './plan-selection.js'

const headers = (entries: Record<string, string> = {}) => new Headers(entries)

describe('parsePlan', () => {
  it('reads fault@step tokens, with a repeated step as consecutive attempts', () => {
    expect(parsePlan('rate_limit@0,downtime@openai/gpt-4.1-mini,rate_limit@0')).toEqual({
      ok: true,
      plan: { id: 'rate_limit@0,rate_limit@0,downtime@openai/gpt-4.1-mini', at: { '0': ['rate_limit', 'rate_limit'], 'openai/gpt-4.1-mini': 'downtime' }, expect: { servedBy: null } },
    })
  })

  it('reads a provider-level step, splitting at the first @ only', () => {
    expect(parsePlan('rate_limit@google/gemini-2.5-flash@Google Vertex')).toMatchObject({ ok: true, plan: { at: { 'google/gemini-2.5-flash@Google Vertex': 'rate_limit' } } })
  })

  it("reads a JSON object, a plan's `at` as in scenario files", () => {
    expect(parsePlan('{"google/gemini-2.5-flash":"rate_limit","1":["timeout","downtime"]}')).toMatchObject({
      ok: true,
      plan: { id: 'timeout@1,downtime@1,rate_limit@google/gemini-2.5-flash', at: { 'google/gemini-2.5-flash': 'rate_limit', '1': ['timeout', 'downtime'] } },
    })
  })

  it('treats none and an empty plan as no fault', () => {
    expect(parsePlan('none')).toMatchObject({ ok: true, plan: { id: 'none', at: {} } })
    expect(parsePlan(' ')).toMatchObject({ ok: true, plan: { id: 'none' } })
  })

  it('refuses an unknown fault with a did-you-mean', () => {
    const result = parsePlan('rate_limt@0')
    expect(result.ok).toBe(false)
    expect(!result.ok && result.message).toMatch(/^"rate_limt" is not a fault name\. Did you mean "rate_limit"\? Fix: use one of rate_limit, /)
  })

  it('refuses a token without a step, and JSON that is not an object of faults', () => {
    expect(parsePlan('rate_limit')).toEqual({ ok: false, message: '"rate_limit" is not a fault at a step. Fix: write fault@step, e.g. rate_limit@0 or rate_limit@google/gemini-2.5-flash.' })
    expect(parsePlan('{"0": 3}').ok).toBe(false)
    expect(parsePlan('{"0":').ok).toBe(false)
  })
})

describe('selectPlan', () => {
  it('serves without faults and as its own case when the request selects nothing', () => {
    expect(selectPlan('/api/v1/chat/completions', headers())).toMatchObject({ ok: true, path: '/api/v1/chat/completions', selection: { plan: { id: 'none' }, session: null, source: 'default' } })
  })

  it('takes the plan from the x-cascade-plan header and the session from x-cascade-session', () => {
    expect(selectPlan('/api/v1/chat/completions', headers({ 'x-cascade-plan': 'rate_limit@0', 'x-cascade-session': 'case-7' }))).toMatchObject({
      ok: true,
      selection: { plan: { at: { '0': 'rate_limit' } }, session: 'case-7', source: 'header' },
    })
  })

  it('takes the plan from a /plan/<plan> path prefix and strips it from the path the emulator sees', () => {
    const encoded = encodeURIComponent('{"google/gemini-2.5-flash":"rate_limit"}')
    expect(selectPlan(`/plan/${encoded}/api/v1/chat/completions`, headers())).toMatchObject({
      ok: true,
      path: '/api/v1/chat/completions',
      selection: { plan: { at: { 'google/gemini-2.5-flash': 'rate_limit' } }, source: 'path' },
    })
  })

  it('refuses two different plans for one request', () => {
    expect(selectPlan('/plan/rate_limit@0/api/v1/models', headers({ 'x-cascade-plan': 'downtime@0' })).ok).toBe(false)
  })
})
