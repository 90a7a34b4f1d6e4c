import type { CaseReport, Report, ScenarioReport } from '../../schema/report.js'

/**
 * A hand-built report: `extract-invoice` fails (a models-limit lint error and a case whose step 2 was
 * sent no tools), `summarize-ticket` passes. Shapes follow src/schema/report.ts exactly.
 */

type Attempt = CaseReport['attempts'][number]

const INVOICE_STEPS = [
  'google/gemini-2.5-flash',
  'openai/gpt-4.1-mini',
  'anthropic/claude-sonnet-4',
  'meta-llama/llama-3.3-70b-instruct',
]

const attempt = (step: number, fault: string | null, status: number, extra: Partial<Attempt> = {}): Attempt => ({
  step,
  model: INVOICE_STEPS[step] ?? 'unknown/model',
  provider: null,
  fault,
  natural: false,
  status,
  latencyMs: 400,
  ...extra,
})

export function makeCase(overrides: Partial<CaseReport> & Pick<CaseReport, 'id'>): CaseReport {
  return {
    plan: { id: overrides.id, at: {}, expect: { servedBy: 'google/gemini-2.5-flash' } },
    servedBy: 'google/gemini-2.5-flash',
    servedStep: 0,
    expectedServedBy: 'google/gemini-2.5-flash',
    verdict: 'pass',
    outcome: 'valid',
    failures: [],
    costUsd: 0.0004,
    latencyMs: 400,
    answerSource: 'synthesized',
    attempts: [attempt(0, null, 200)],
    faults: { injected: [], natural: [] },
    error: null,
    requests: 1,
    answers: [],
    ...overrides,
  }
}

const extractInvoice: ScenarioReport = {
  name: 'extract-invoice',
  file: 'scenarios/extract-invoice.scenario.ts',
  passed: false,
  steps: INVOICE_STEPS,
  client: 'reference',
  lint: [
    {
      rule: 'models-limit',
      severity: 'error',
      step: null,
      path: 'request.models',
      message: 'The cascade lists 4 models; OpenRouter accepts at most 3.',
      fix: 'Drop a model from `models` or split the cascade.',
    },
    {
      rule: 'require-parameters',
      severity: 'warning',
      step: null,
      path: 'request.provider',
      message: 'tools are used but provider.require_parameters is not set.',
      fix: 'Set `provider: { require_parameters: true }`.',
    },
  ],
  cases: [
    makeCase({ id: 'baseline', title: 'every step healthy' }),
    makeCase({
      id: 'rate_limit@0',
      title: 'step 1 rate-limited, step 2 serves',
      plan: {
        id: 'rate_limit@0',
        at: { 'google/gemini-2.5-flash': 'rate_limit' },
        expect: { servedBy: 'openai/gpt-4.1-mini' },
        layer: 'router',
      },
      servedBy: 'openai/gpt-4.1-mini',
      servedStep: 1,
      expectedServedBy: 'openai/gpt-4.1-mini',
      verdict: 'fail',
      outcome: 'invalid',
      failures: [
        {
          check: 'fidelity',
          path: 'request.tools',
          message: 'step 2 (openai/gpt-4.1-mini) was sent no `tools` although the scenario declares them',
        },
      ],
      attempts: [attempt(0, 'rate_limit', 429), attempt(1, null, 200)],
      faults: { injected: ['rate_limit'], natural: [] },
    }),
    makeCase({
      id: 'timeout@0',
      title: 'step 1 times out twice, the client retries, step 2 serves',
      plan: {
        id: 'timeout@0',
        at: { 'google/gemini-2.5-flash': ['timeout', 'timeout'] },
        expect: { servedBy: 'openai/gpt-4.1-mini' },
        layer: 'router',
      },
      servedBy: 'openai/gpt-4.1-mini',
      servedStep: 1,
      expectedServedBy: 'openai/gpt-4.1-mini',
      answerSource: 'cassette',
      attempts: [attempt(0, 'timeout', 504), attempt(0, 'timeout', 504), attempt(1, null, 200)],
      faults: { injected: ['timeout'], natural: [] },
      requests: 2,
    }),
    makeCase({
      id: 'quirk:fenced_json@0',
      title: 'the answer arrives in a Markdown fence',
      plan: {
        id: 'quirk:fenced_json@0',
        at: { '0': 'fenced_json' },
        expect: { servedBy: 'google/gemini-2.5-flash' },
        layer: 'answer',
      },
      attempts: [attempt(0, 'fenced_json', 200)],
      faults: { injected: ['fenced_json'], natural: [] },
    }),
    makeCase({
      id: 'every_step_fails',
      title: 'no step can serve',
      plan: {
        id: 'every_step_fails',
        at: {
          'google/gemini-2.5-flash': 'downtime',
          'openai/gpt-4.1-mini': 'downtime',
          'anthropic/claude-sonnet-4': 'downtime',
        },
        expect: { servedBy: null },
        layer: 'router',
      },
      servedBy: null,
      servedStep: null,
      expectedServedBy: null,
      outcome: 'surfaced',
      answerSource: 'none',
      costUsd: 0,
      attempts: [
        attempt(0, 'downtime', 503),
        attempt(1, 'downtime', 503),
        attempt(2, 'downtime', 503),
        attempt(3, 'no_endpoint', 404, { natural: true }),
      ],
      faults: { injected: ['downtime'], natural: ['no_endpoint'] },
      error: { name: 'CascadeError', message: 'No endpoints found that support tool use (404)' },
    }),
  ],
  warnings: ['meta-llama/llama-3.3-70b-instruct lacks `tools` support: the router skips it on every case.'],
  durationMs: 700,
}

const summarizeTicket: ScenarioReport = {
  name: 'summarize-ticket',
  file: 'scenarios/summarize-ticket.scenario.ts',
  passed: true,
  steps: ['anthropic/claude-3.5-haiku', 'openai/gpt-4o-mini'],
  client: 'reference',
  lint: [],
  cases: [
    makeCase({
      id: 'baseline',
      servedBy: 'anthropic/claude-3.5-haiku',
      expectedServedBy: 'anthropic/claude-3.5-haiku',
      attempts: [
        {
          step: 0,
          model: 'anthropic/claude-3.5-haiku',
          provider: 'Anthropic',
          fault: null,
          natural: false,
          status: 200,
          latencyMs: 300,
        },
      ],
    }),
    makeCase({
      id: 'downtime@0',
      servedBy: 'openai/gpt-4o-mini',
      servedStep: 1,
      expectedServedBy: 'openai/gpt-4o-mini',
      attempts: [
        {
          step: 0,
          model: 'anthropic/claude-3.5-haiku',
          provider: 'Anthropic',
          fault: 'downtime',
          natural: false,
          status: 503,
          latencyMs: 50,
        },
        {
          step: 0,
          model: 'anthropic/claude-3.5-haiku',
          provider: 'Amazon Bedrock',
          fault: 'rate_limit',
          natural: false,
          status: 429,
          latencyMs: 50,
        },
        {
          step: 1,
          model: 'openai/gpt-4o-mini',
          provider: 'OpenAI',
          fault: null,
          natural: false,
          status: 200,
          latencyMs: 300,
        },
      ],
    }),
  ],
  warnings: [],
  durationMs: 112,
}

export function reportFixture(): Report {
  return {
    version: 1,
    passed: false,
    tool: { name: 'cascade-harness', version: '0.1.0' },
    seed: 42,
    shard: null,
    run: { id: '0123456789abcdef', ci: false },
    catalog: { source: 'built-in', builtIn: true, pulledAt: null },
    summary: { scenarios: 2, cases: 7, passed: 6, failed: 1, lint: { error: 1, warning: 1, info: 0 }, durationMs: 812 },
    scenarios: [structuredClone(extractInvoice), structuredClone(summarizeTicket)],
  }
}
