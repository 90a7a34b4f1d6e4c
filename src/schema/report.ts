import { z } from 'zod'

/**
 * The JSON report (`cascade-report.json`). CI scripts parse it: the names README.md "Reports" lists are
 * fixed; fields may be added. `schemas/report.schema.json` is generated from this (npm run build).
 */
/**
 * The report's parts that are also the core's data (core/types.ts infers \`Severity\`, \`LintFinding\`,
 * \`CheckFailure\`, \`AttemptTrace\`, \`Outcome\`, \`Verdict\`, \`AnswerSource\` from these): one
 * definition, so what the core produces and what a report may hold cannot drift apart.
 */
export const severitySchema = z.enum(['error', 'warning', 'info'])
export const outcomeSchema = z.enum(['valid', 'surfaced', 'crashed', 'hung', 'invalid'])
export const verdictSchema = z.enum(['pass', 'fail'])
export const answerSourceSchema = z.enum(['cassette', 'synthesized', 'none'])

export const findingSchema = z.object({
  /** A lint rule id or a cassette finding id (core/lint/rule-ids.ts); a reader accepts any, as later versions may add some. */
  rule: z.string(),
  severity: severitySchema,
  /** Index of the step in the cascade, or null when the finding is about the whole request. */
  step: z.number().int().nullable(),
  /** JSON path into the scenario, e.g. \`request.models[3]\`. */
  path: z.string(),
  message: z.string(),
  fix: z.string(),
})

/** One failed check: what, where (a JSON path), and a sentence a reader understands. */
export const failureSchema = z.object({
  /** A check id (core/contract/checks.ts `CHECK`); a reader accepts any, as later versions may add some. */
  check: z.string(),
  path: z.string(),
  message: z.string(),
})

export const attemptSchema = z.object({
  /** Index of the model in the request's cascade (\`[model, ...models]\`). */
  step: z.number().int(),
  model: z.string(),
  provider: z.string().nullable(),
  /** The fault applied at this attempt, or null when the step answered. */
  fault: z.string().nullable(),
  /** True when the fault came from the catalog (a missing parameter, a context overflow), not the plan. */
  natural: z.boolean(),
  status: z.number().int(),
  /** Latency this attempt added, in virtual milliseconds. */
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
  verdict: verdictSchema,
  outcome: outcomeSchema,
  failures: z.array(failureSchema),
  costUsd: z.number(),
  latencyMs: z.number(),
  answerSource: answerSourceSchema,
  /** Every router attempt in order, across every HTTP request the client made. */
  attempts: z.array(attemptSchema),
  /** Which faults came from the plan and which the router would raise by itself. */
  faults: z.object({ injected: z.array(z.string()), natural: z.array(z.string()) }),
  /** What the client threw, when it threw: the error's name and message. */
  error: z.object({ name: z.string(), message: z.string() }).nullable(),
  requests: z.number().int(),
  /** Calls to other hosts the harness refused with a network error under `otherHosts: 'refuse'`: noted, not judged. */
  refusedUrls: z.array(z.string()).optional(),
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
      failures: z.array(failureSchema),
    }),
  ),
})

export const scenarioReportSchema = z.object({
  name: z.string(),
  file: z.string(),
  passed: z.boolean(),
  steps: z.array(z.string()),
  client: z.string(),
  lint: z.array(findingSchema),
  cases: z.array(caseReportSchema),
  /** In a shard's report only: every case id of the whole run, in matrix order (`merge` restores that order). */
  plannedCases: z.array(z.string()).optional(),
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
  /**
   * Which run this is: `id` is a digest of the scenarios (names, files, requests, every planned case of
   * every shard), the seed, the catalog, `--ci` and the tool's version. Shards of one run share it;
   * `merge` refuses shards whose ids differ.
   */
  run: z.object({ id: z.string(), ci: z.boolean() }),
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
/** A lint finding as a report holds it (any rule id: a later version may add some). */
export type ReportFinding = z.infer<typeof findingSchema>
