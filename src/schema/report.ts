import { z } from 'zod'

/**
 * The JSON report (`cascade-report.json`). CI scripts parse it: the names README.md "Reports" lists are
 * fixed; fields may be added. `schemas/report.schema.json` is generated from this (npm run build).
 */
const finding = z.object({
  rule: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  step: z.number().int().nullable(),
  path: z.string(),
  message: z.string(),
  fix: z.string(),
})

const failure = z.object({ check: z.string(), path: z.string(), message: z.string() })

const attempt = z.object({
  step: z.number().int(),
  model: z.string(),
  provider: z.string().nullable(),
  fault: z.string().nullable(),
  natural: z.boolean(),
  status: z.number().int(),
  latencyMs: z.number(),
  /** Parameters the router dropped before this step answered: the step lacks them and require_parameters is off. */
  dropped: z.array(z.string()).optional(),
})

export const caseReportSchema = z.object({
  id: z.string(),
  title: z.string().optional(),
  plan: z.object({
    id: z.string(),
    at: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
    expect: z.object({ servedBy: z.string().nullable() }),
    layer: z.string().optional(),
  }),
  servedBy: z.string().nullable(),
  servedStep: z.number().int().nullable(),
  expectedServedBy: z.string().nullable(),
  verdict: z.enum(['pass', 'fail']),
  outcome: z.enum(['valid', 'surfaced', 'crashed', 'hung', 'invalid']),
  failures: z.array(failure),
  costUsd: z.number(),
  latencyMs: z.number(),
  answerSource: z.enum(['cassette', 'synthesized', 'none']),
  /** Every router attempt in order, across every HTTP request the client made. */
  attempts: z.array(attempt),
  /** Which faults came from the plan and which the router would raise by itself. */
  faults: z.object({ injected: z.array(z.string()), natural: z.array(z.string()) }),
  /** What the client threw, when it threw: the error's name and message. */
  error: z.object({ name: z.string(), message: z.string() }).nullable(),
  requests: z.number().int(),
  /** Wall-clock time the case took to run, in milliseconds (absent in reports of older versions). */
  durationMs: z.number().optional(),
  /**
   * The answer contract on the wire, per served step: whether the answer that step sent met the
   * request's response_format, tools and tool_choice (apart from what the client made of it, which
   * `verdict` judges). One entry per request that a step served, in order.
   */
  answers: z.array(
    z.object({
      request: z.number().int(),
      step: z.number().int(),
      model: z.string(),
      met: z.boolean(),
      failures: z.array(failure),
    }),
  ),
})

export const scenarioReportSchema = z.object({
  name: z.string(),
  file: z.string(),
  passed: z.boolean(),
  steps: z.array(z.string()),
  client: z.string(),
  lint: z.array(finding),
  cases: z.array(caseReportSchema),
  warnings: z.array(z.string()),
  /** Wall-clock time this scenario took to lint and run, in milliseconds. */
  durationMs: z.number(),
})

export const reportSchema = z.object({
  version: z.literal(1),
  passed: z.boolean(),
  tool: z.object({ name: z.literal('cascade-harness'), version: z.string() }),
  seed: z.number().int(),
  /** The slice of the cases this report holds (`--shard i/n`), or null for all of them. */
  shard: z.object({ index: z.number().int(), count: z.number().int() }).nullable(),
  catalog: z.object({ source: z.string(), builtIn: z.boolean(), pulledAt: z.string().nullable() }),
  summary: z.object({
    scenarios: z.number().int(),
    cases: z.number().int(),
    passed: z.number().int(),
    failed: z.number().int(),
    lint: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
    durationMs: z.number(),
  }),
  scenarios: z.array(scenarioReportSchema),
})

export type Report = z.infer<typeof reportSchema>
export type ScenarioReport = z.infer<typeof scenarioReportSchema>
export type CaseReport = z.infer<typeof caseReportSchema>
