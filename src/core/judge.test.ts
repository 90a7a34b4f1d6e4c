import { describe, expect, it } from 'vitest'
import { judgeCase, type JudgeInput } from './judge.js'
import type { RequestTrace } from './types.js'

const steps = ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini']
const served: RequestTrace = {
  index: 0,
  method: 'POST',
  url: 'https://openrouter.ai/api/v1/chat/completions',
  body: {},
  attempts: [
    {
      step: 0,
      model: steps[0]!,
      provider: 'Google Vertex',
      fault: 'rate_limit',
      natural: false,
      status: 429,
      latencyMs: 150,
    },
    { step: 1, model: steps[1]!, provider: 'OpenAI', fault: null, natural: false, status: 200, latencyMs: 900 },
  ],
  status: 200,
  servedBy: steps[1]!,
  servedStep: 1,
  answerSource: 'synthesized',
  quirk: null,
  costUsd: 0.0004,
  latencyMs: 1050,
}

function input(overrides: Partial<JudgeInput>): JudgeInput {
  return {
    plan: { id: 'rate_limit@0', at: { '0': 'rate_limit' }, expect: { servedBy: steps[1]! } },
    run: { kind: 'returned', value: {} },
    traces: [served],
    resultFailures: [],
    fidelityFailures: [],
    unhandledUrls: [],
    budgets: {},
    enforceServedBy: false,
    ...overrides,
  }
}

describe('judging a case', () => {
  it('passes a valid result from a plan that can serve, with cost and latency summed over attempts', () => {
    expect(judgeCase(input({}))).toMatchObject({
      verdict: 'pass',
      outcome: 'valid',
      servedBy: steps[1],
      servedStep: 1,
      costUsd: 0.0004,
      latencyMs: 1050,
    })
  })

  it('fails a client that throws while a step could serve', () => {
    const judgement = judgeCase(
      input({ run: { kind: 'threw', error: { name: 'RouterError', message: 'Provider returned error' } } }),
    )
    expect(judgement).toMatchObject({ verdict: 'fail', outcome: 'surfaced' })
    expect(judgement.failures[0]?.message).toBe(
      'the client threw RouterError: Provider returned error, although openai/gpt-4.1-mini served an answer',
    )
  })

  it('counts a TypeError as a crash even when no step could serve, and names what the client was handling', () => {
    const errorBody: RequestTrace = {
      ...served,
      attempts: [{ ...served.attempts[0]!, fault: 'error_in_200', status: 200 }],
      servedBy: null,
      servedStep: null,
      costUsd: 0,
      latencyMs: 150,
    }
    const judgement = judgeCase(
      input({
        plan: { id: 'error_in_200@0', at: { '0': 'error_in_200' }, expect: { servedBy: null } },
        traces: [errorBody],
        run: {
          kind: 'threw',
          error: { name: 'TypeError', message: "Cannot read properties of undefined (reading '0')" },
        },
      }),
    )
    expect(judgement).toMatchObject({ verdict: 'fail', outcome: 'crashed' })
    expect(judgement.failures[0]?.message).toBe(
      "the client crashed with TypeError: Cannot read properties of undefined (reading '0') (a TypeError is a bug in the client, not a surfaced error); it was handling an HTTP 200 whose body carried an error",
    )
  })

  it('passes a surfaced error when no step can serve, and fails a result returned instead', () => {
    const plan = { id: 'no_credits@0', at: { '0': 'no_credits' }, expect: { servedBy: null } }
    expect(
      judgeCase(
        input({ plan, run: { kind: 'threw', error: { name: 'RouterError', message: 'Insufficient credits' } } }),
      ).verdict,
    ).toBe('pass')
    const unserved: RequestTrace = {
      ...served,
      attempts: [{ ...served.attempts[0]!, fault: 'no_credits', status: 402 }],
      status: 402,
      servedBy: null,
      servedStep: null,
    }
    const returned = judgeCase(input({ plan, traces: [unserved], run: { kind: 'returned', value: { ok: true } } }))
    expect(returned.failures.map((f) => f.check)).toEqual(['result-without-answer'])
  })

  it('passes a client that retries past a one-time fault and returns the answer its retry got', () => {
    const plan = { id: 'edge-once', at: { '0': ['edge_502_html'] }, expect: { servedBy: null } }
    const edge: RequestTrace = {
      ...served,
      attempts: [{ ...served.attempts[0]!, fault: 'edge_502_html', status: 502 }],
      status: 502,
      servedBy: null,
      servedStep: null,
    }
    const retried: RequestTrace = {
      ...served,
      index: 1,
      attempts: [{ ...served.attempts[1]!, step: 0, model: steps[0]! }],
      servedBy: steps[0]!,
      servedStep: 0,
    }
    expect(judgeCase(input({ plan, traces: [edge, retried] }))).toMatchObject({
      verdict: 'pass',
      outcome: 'valid',
      servedBy: steps[0],
    })
  })

  it('counts a thrown non-Error value as a crash, with a sentence that says what to throw instead', () => {
    const plan = { id: 'no_credits@0', at: { '0': 'no_credits' }, expect: { servedBy: null } }
    const judgement = judgeCase(
      input({
        plan,
        run: { kind: 'threw', error: { name: 'NonError', message: 'the client threw a non-Error value: "boom"' } },
      }),
    )
    expect(judgement).toMatchObject({ verdict: 'fail', outcome: 'crashed' })
    expect(judgement.failures[0]?.message).toMatch(/^the client threw a non-Error value: "boom"; throw an Error/)
  })

  it('says how to fix a network TypeError from fetch instead of calling it a mystery bug', () => {
    const plan = { id: 'connection_reset', at: { '0': 'connection_reset' }, expect: { servedBy: null } }
    const judgement = judgeCase(
      input({ plan, run: { kind: 'threw', error: { name: 'TypeError', message: 'fetch failed' } } }),
    )
    expect(judgement).toMatchObject({ verdict: 'fail', outcome: 'crashed' })
    expect(judgement.failures[0]?.message).toMatch(
      /^the client let fetch's TypeError \(fetch failed\) escape: fetch rejects with a TypeError on every network error, so catch it and throw the app's own error/,
    )
  })

  it('blames an unemulated URL once, not also as a crash of the TypeError the refusal caused', () => {
    const judgement = judgeCase(
      input({
        unhandledUrls: ['https://api.example.com/v1'],
        run: { kind: 'threw', error: { name: 'TypeError', message: 'fetch failed' } },
      }),
    )
    expect(judgement.failures.map((f) => f.check)).toEqual(['unhandled-request'])
    // A real crash after a refused call keeps its own sentence.
    const real = judgeCase(
      input({
        unhandledUrls: ['https://api.example.com/v1'],
        run: { kind: 'threw', error: { name: 'RangeError', message: 'Invalid array length' } },
      }),
    )
    expect(real.failures.map((f) => f.check)).toEqual(['crash', 'unhandled-request'])
  })

  it('passes a surfaced error under an answer quirk, and fails an invalid result under it', () => {
    const plan = { id: 'truncated@1', at: { '0': 'rate_limit', '1': 'truncated' }, expect: { servedBy: steps[1]! } }
    const quirky = { ...served, quirk: 'truncated' }
    expect(
      judgeCase(
        input({ plan, traces: [quirky], run: { kind: 'threw', error: { name: 'InvoiceError', message: 'cut off' } } }),
      ).verdict,
    ).toBe('pass')
    // The allowance needs the quirk to have reached the client, not just to be in the plan.
    expect(
      judgeCase(input({ plan, run: { kind: 'threw', error: { name: 'InvoiceError', message: 'cut off' } } })).verdict,
    ).toBe('fail')
    const invalid = judgeCase(
      input({
        plan,
        resultFailures: [
          { check: 'finish-reason', path: '$.choices[0].finish_reason', message: 'the answer was cut off' },
        ],
      }),
    )
    expect(invalid).toMatchObject({ verdict: 'fail', outcome: 'invalid' })
  })

  it('says when the router rejected the whole request before any step', () => {
    const rejected: RequestTrace = {
      ...served,
      attempts: [],
      status: 400,
      servedBy: null,
      servedStep: null,
      costUsd: 0,
      latencyMs: 5,
    }
    const judgement = judgeCase(
      input({
        traces: [rejected],
        run: { kind: 'threw', error: { name: 'RouterError', message: "'models' array must have 3 items or fewer." } },
      }),
    )
    expect(judgement.failures).toEqual([
      {
        check: 'request-rejected',
        path: 'request',
        message:
          "the router rejected the whole request with 400 before trying any step (the client surfaced RouterError: 'models' array must have 3 items or fewer.), so openai/gpt-4.1-mini never got the chance to serve",
      },
    ])
  })

  it('fails a hang past the deadline, a request the harness does not emulate, and a request that lost its tools', () => {
    expect(judgeCase(input({ run: { kind: 'hung', deadlineMs: 2000 } }))).toMatchObject({
      verdict: 'fail',
      outcome: 'hung',
    })
    const escaped = judgeCase(input({ unhandledUrls: ['https://api.example.com/v1/x'] }))
    expect(escaped.failures[0]?.message).toBe(
      'the client called https://api.example.com/v1/x, which the harness does not emulate; nothing was sent to the network',
    )
    const dropped = judgeCase(
      input({
        fidelityFailures: [
          {
            check: 'request-fidelity',
            path: 'request.tools',
            message: 'step 2 was sent no `tools` although the scenario declares them',
          },
        ],
      }),
    )
    expect(dropped).toMatchObject({ verdict: 'fail', outcome: 'valid' })
  })

  it('enforces budgets and a hand-written expected server', () => {
    const over = judgeCase(input({ budgets: { maxCostUsd: 0.0001, maxLatencyMs: 1000 } }))
    expect(over.failures.map((f) => f.message)).toEqual([
      'the case cost $0.000400, over the budget of $0.0001',
      'the case took 1050 ms across its fallbacks, over the budget of 1000 ms',
    ])
    const pinned = judgeCase(
      input({ plan: { id: 'mine', at: {}, expect: { servedBy: steps[0]! } }, enforceServedBy: true }),
    )
    expect(pinned.failures[0]?.message).toBe(
      'the plan expects google/gemini-2.5-flash to serve, but openai/gpt-4.1-mini did',
    )
  })
})

describe('naming the cause of a broken answer', () => {
  it('says the router dropped parameters the served step does not support', () => {
    const dropped: RequestTrace = {
      ...served,
      attempts: [{ ...served.attempts[1]!, dropped: ['response_format', 'tools', 'tool_choice'] }],
    }
    const judgement = judgeCase(
      input({
        traces: [dropped],
        resultFailures: [
          {
            check: 'json-parse',
            path: '$.choices[0].message.content',
            message: 'the content is not valid JSON: JSON.parse fails on it',
          },
        ],
      }),
    )
    expect(judgement.failures[0]?.message).toBe(
      'the content is not valid JSON: JSON.parse fails on it; the cause: step 2 (openai/gpt-4.1-mini) does not support `response_format`, `tools` and `tool_choice`, so the router dropped them and the model never saw them (the request does not set provider.require_parameters)',
    )
  })
})
