import { describe, expect, it } from 'vitest'
import type { Plan } from '../../core/types.js'
import { NO_FAULTS, parsePlan, planStepProblem, resolvePlan, selectPlan } from './plan-selection.js'

const headers = (entries: Record<string, string> = {}) => new Headers(entries)

describe('parsePlan', () => {
  it('reads fault@step tokens, with a repeated step as consecutive attempts', () => {
    expect(parsePlan('rate_limit@0,downtime@openai/gpt-4.1-mini,rate_limit@0')).toEqual({
      ok: true,
      plan: {
        id: 'rate_limit@0,rate_limit@0,downtime@openai/gpt-4.1-mini',
        at: { '0': ['rate_limit', 'rate_limit'], 'openai/gpt-4.1-mini': 'downtime' },
        expect: { servedBy: null },
      },
    })
  })

  it('reads a provider-level step, splitting at the first @ only', () => {
    expect(parsePlan('rate_limit@google/gemini-2.5-flash@Google Vertex')).toMatchObject({
      ok: true,
      plan: { at: { 'google/gemini-2.5-flash@Google Vertex': 'rate_limit' } },
    })
  })

  it("reads a JSON object, a plan's `at` as in scenario files", () => {
    expect(parsePlan('{"google/gemini-2.5-flash":"rate_limit","1":["timeout","downtime"]}')).toMatchObject({
      ok: true,
      plan: {
        id: 'timeout@1,downtime@1,rate_limit@google/gemini-2.5-flash',
        at: { 'google/gemini-2.5-flash': 'rate_limit', '1': ['timeout', 'downtime'] },
      },
    })
  })

  it('keeps a step named __proto__ as a key, so it is refused as no step rather than dropped', () => {
    for (const text of ['{"__proto__":"rate_limit"}', 'rate_limit@__proto__']) {
      const result = parsePlan(text)
      expect(result).toMatchObject({ ok: true, plan: { at: { ['__proto__']: 'rate_limit' } } })
      if (!result.ok) throw new Error('parsed')
      expect(Object.keys(result.plan.at)).toEqual(['__proto__'])
      expect(planStepProblem(result.plan, ['a/b'])).toContain('"__proto__" in the plan names no step of the cascade')
    }
  })

  it('treats none and an empty plan as no fault', () => {
    expect(parsePlan('none')).toMatchObject({ ok: true, plan: { id: 'none', at: {} } })
    expect(parsePlan(' ')).toMatchObject({ ok: true, plan: { id: 'none' } })
  })

  it('refuses an unknown fault with a did-you-mean', () => {
    const result = parsePlan('rate_limt@0')
    expect(result.ok).toBe(false)
    expect(!result.ok && result.message).toMatch(
      /^"rate_limt" is not a fault name\. Did you mean "rate_limit"\? Fix: use one of rate_limit, /,
    )
  })

  it('reads a range of steps as each of those steps failing, as in the matrix id rate_limit@0-1', () => {
    expect(parsePlan('rate_limit@0-2')).toMatchObject({
      ok: true,
      plan: {
        id: 'rate_limit@0,rate_limit@1,rate_limit@2',
        at: { '0': 'rate_limit', '1': 'rate_limit', '2': 'rate_limit' },
      },
    })
    expect(parsePlan('rate_limit@1-2@Google Vertex')).toMatchObject({
      ok: true,
      plan: { at: { '1@Google Vertex': 'rate_limit', '2@Google Vertex': 'rate_limit' } },
    })
  })

  it('leaves a model id with digits and a dash as one step, and refuses a backwards range', () => {
    expect(parsePlan('downtime@mistralai/mistral-small-3.2-24b-instruct')).toMatchObject({
      ok: true,
      plan: { at: { 'mistralai/mistral-small-3.2-24b-instruct': 'downtime' } },
    })
    expect(parsePlan('rate_limit@2-0')).toEqual({
      ok: false,
      message: '"rate_limit@2-0": the range 2-0 runs backwards. Fix: write the lower step first, e.g. 0-2.',
    })
  })

  it('refuses a token without a step, and JSON that is not an object of faults', () => {
    expect(parsePlan('rate_limit')).toEqual({
      ok: false,
      message:
        '"rate_limit" is not a fault at a step. Fix: write fault@step, e.g. rate_limit@0 or rate_limit@google/gemini-2.5-flash.',
    })
    expect(parsePlan('{"0": 3}').ok).toBe(false)
    expect(parsePlan('{"0":').ok).toBe(false)
  })
})

describe('resolvePlan', () => {
  // A stand-in for the matrix of one request: an id whose plan differs from the token reading of the same text.
  const matrix: Plan[] = [
    { id: 'clean', at: {}, expect: { servedBy: 'a/one' } },
    { id: 'rate_limit@0-1', at: { '0': 'rate_limit', '1': 'rate_limit' }, expect: { servedBy: 'c/three' } },
    {
      id: 'every_step_fails',
      at: { '0': 'rate_limit', '1': 'rate_limit', '2': 'rate_limit' },
      expect: { servedBy: null },
    },
    { id: 'edge_502_html', at: { '0': 'edge_502_html' }, expect: { servedBy: null } },
    {
      id: 'fenced_json@2',
      at: { '0': 'rate_limit', '1': 'rate_limit', '2': 'fenced_json' },
      expect: { servedBy: 'c/three' },
    },
  ]

  it("selects the matrix's own plan for a case id, even where the token reading would differ", () => {
    for (const plan of matrix) expect(resolvePlan(plan.id, matrix)).toEqual({ ok: true, plan })
  })

  it('reads no plan, none and clean as no fault', () => {
    expect(resolvePlan(null, matrix)).toEqual({ ok: true, plan: NO_FAULTS })
    expect(resolvePlan('none', matrix)).toEqual({ ok: true, plan: NO_FAULTS })
    expect(resolvePlan('clean', [])).toEqual({ ok: true, plan: NO_FAULTS })
  })

  it('reads text that is not a case id of this request as fault@step tokens or JSON', () => {
    expect(resolvePlan('fenced_json@2,downtime@0', matrix)).toMatchObject({
      ok: true,
      plan: { at: { '2': 'fenced_json', '0': 'downtime' } },
    })
    expect(resolvePlan('rate_limit@1', matrix)).toMatchObject({
      ok: true,
      plan: { id: 'rate_limit@1', at: { '1': 'rate_limit' } },
    })
    expect(resolvePlan('{"1":"downtime"}', matrix)).toMatchObject({ ok: true, plan: { at: { '1': 'downtime' } } })
  })

  it("refuses an unknown id with the closest of this request's ids and the list of them", () => {
    const result = resolvePlan('every_step_fail', matrix)
    expect(result).toEqual({
      ok: false,
      message:
        '"every_step_fail" is not a case id of this request. Did you mean "every_step_fails"? Fix: use a case id `cascade-harness run` prints for this request (clean, rate_limit@0-1, every_step_fails, edge_502_html, fenced_json@2), or fault@step, e.g. rate_limit@0.',
    })
    expect(resolvePlan('rate_limt@0-1', matrix)).toMatchObject({
      ok: false,
      message: expect.stringContaining('Did you mean "rate_limit@0-1"?'),
    })
  })

  it('says why an unknown id with nothing close is not fault@step either', () => {
    expect(resolvePlan('zzz', matrix)).toMatchObject({
      ok: false,
      message: expect.stringMatching(
        /^"zzz" is not a case id of this request, nor fault@step: "zzz" is not a fault at a step\. Fix: use a case id .*\(clean, /,
      ),
    })
  })
})

describe('planStepProblem', () => {
  const steps = ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini', 'anthropic/claude-haiku-4.5']
  const plan = (text: string): Plan => {
    const parsed = parsePlan(text)
    if (!parsed.ok) throw new Error(parsed.message)
    return parsed.plan
  }

  it('accepts steps named by index, range, model id and model@Provider', () => {
    for (const text of [
      'rate_limit@0',
      'rate_limit@0-2',
      'downtime@openai/gpt-4.1-mini',
      'rate_limit@google/gemini-2.5-flash@Google Vertex',
      'rate_limit@1@google-vertex',
      '{"2":"timeout"}',
    ]) {
      expect(planStepProblem(plan(text), steps), text).toBeNull()
    }
    expect(planStepProblem(NO_FAULTS, steps)).toBeNull()
  })

  it('refuses a step index past the cascade, naming the steps', () => {
    expect(planStepProblem(plan('rate_limit@7'), steps)).toBe(
      '"7" in the plan names no step of the cascade (0: google/gemini-2.5-flash, 1: openai/gpt-4.1-mini, 2: anthropic/claude-haiku-4.5). Fix: name a step by its index, 0 to 2, or by a model id of the cascade.',
    )
    expect(planStepProblem(plan('rate_limit@1-3'), steps)).toMatch(/^"3" in the plan names no step/)
    expect(planStepProblem(plan('rate_limit@0'), ['google/gemini-2.5-flash'])).toBeNull()
    expect(planStepProblem(plan('rate_limit@1'), ['google/gemini-2.5-flash'])).toMatch(
      /Fix: name a step by its index, 0, or by a model id/,
    )
  })

  it('suggests the closest model id of the cascade for a misspelt one, provider kept', () => {
    expect(planStepProblem(plan('rate_limit@google/gemini-2.5-flsh'), steps)).toBe(
      '"google/gemini-2.5-flsh" in the plan names no step of the cascade (0: google/gemini-2.5-flash, 1: openai/gpt-4.1-mini, 2: anthropic/claude-haiku-4.5). Did you mean "google/gemini-2.5-flash"? Fix: write "google/gemini-2.5-flash".',
    )
    expect(planStepProblem(plan('{"openai/gpt-4.1-mni@OpenAI":"downtime"}'), steps)).toMatch(
      /Did you mean "openai\/gpt-4\.1-mini"\? Fix: write "openai\/gpt-4\.1-mini@OpenAI"\.$/,
    )
  })
})

describe('selectPlan', () => {
  it('serves without faults and as its own case when the request selects nothing', () => {
    expect(selectPlan('/api/v1/chat/completions', headers())).toEqual({
      ok: true,
      path: '/api/v1/chat/completions',
      selection: { text: null, session: null, source: 'default' },
    })
  })

  it('takes the plan from the x-cascade-plan header and the session from x-cascade-session', () => {
    expect(
      selectPlan(
        '/api/v1/chat/completions',
        headers({ 'x-cascade-plan': 'rate_limit@0-1', 'x-cascade-session': 'case-7' }),
      ),
    ).toEqual({
      ok: true,
      path: '/api/v1/chat/completions',
      selection: { text: 'rate_limit@0-1', session: 'case-7', source: 'header' },
    })
  })

  it('takes the plan from a /plan/<plan> path prefix and strips it from the path the emulator sees', () => {
    const plan = '{"google/gemini-2.5-flash":"rate_limit"}'
    expect(selectPlan(`/plan/${encodeURIComponent(plan)}/api/v1/chat/completions`, headers())).toEqual({
      ok: true,
      path: '/api/v1/chat/completions',
      selection: { text: plan, session: null, source: 'path' },
    })
  })

  it('refuses two different plans for one request', () => {
    expect(selectPlan('/plan/rate_limit@0/api/v1/models', headers({ 'x-cascade-plan': 'downtime@0' })).ok).toBe(false)
  })
})
