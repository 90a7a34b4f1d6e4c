import { z } from 'zod'
import { deadlineMsSchema, MAX_JSON_DEPTH } from './limits.js'
import type { StandardSchemaV1 } from '@standard-schema/spec'
import { FAULT_NAMES, isFaultName } from '../core/faults.js'
import { didYouMean } from '../core/did-you-mean.js'
import type { ChatRequest } from '../core/types.js'
import { schemasOf } from '../core/portability/schema-walk.js'
import { refLoop } from '../core/lint/ref-loops.js'
import { nestsDeeperThan } from '../core/json-depth.js'

/** What a user client function receives. */
export interface ClientContext {
  /** A deep copy of the scenario's request body: send it as is. */
  request: ChatRequest
  /** Aborted at the case deadline. */
  signal: AbortSignal
  /** The router base URL the client should call (the emulator intercepts it). */
  baseUrl: string
  /** A fetch bound to the emulator, for clients that take one. Plain global fetch works too. */
  fetch: typeof fetch
}

export type ClientFunction = (context: ClientContext) => Promise<unknown> | unknown

const faultName = z.string().superRefine((name, ctx) => {
  if (isFaultName(name)) return
  const guess = didYouMean(name, FAULT_NAMES)
  ctx.addIssue({
    code: 'custom',
    message: `"${name}" is not a fault name.${guess ? ` Did you mean "${guess}"?` : ''}`,
    params: { fix: guess ? `write "${guess}"` : `use one of: ${FAULT_NAMES.join(', ')}` },
  })
})

/** A case the matrix names without a fault of its own. */
const SPECIAL_CASE_IDS = ['clean', 'every_step_fails']

/** `include`/`exclude` entries: a fault name (all its cases) or one case id as `run` prints it (`refusal@0`, `rate_limit@0-1`). */
const caseSelector = z.string().superRefine((entry, ctx) => {
  const fault = entry.replace(/@\d+(-\d+)?$/, '')
  if (isFaultName(fault) || SPECIAL_CASE_IDS.includes(entry)) return
  // `every_step_fails@0`: the special cases have no step suffix.
  const guess = SPECIAL_CASE_IDS.includes(fault) ? undefined : didYouMean(fault, [...FAULT_NAMES, ...SPECIAL_CASE_IDS])
  const suggestion = SPECIAL_CASE_IDS.includes(fault)
    ? fault
    : guess === undefined
      ? undefined
      : SPECIAL_CASE_IDS.includes(guess)
        ? guess
        : entry.replace(fault, guess)
  ctx.addIssue({
    code: 'custom',
    message: `"${entry}" is neither a fault name nor a case id${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
    params: {
      fix: suggestion
        ? `write "${suggestion}"`
        : `use a fault name (${FAULT_NAMES.join(', ')}) or a case id that \`run\` prints, such as refusal@0`,
    },
  })
})

/**
 * A key zod's record would drop (it assigns `__proto__`, which sets the prototype instead): refused
 * before parsing, so a plan never silently loses a step and passes with fewer faults than written.
 */
function refusePrototypeKey(value: unknown, ctx: z.RefinementCtx): unknown {
  if (value !== null && typeof value === 'object' && Object.hasOwn(value, '__proto__')) {
    ctx.addIssue({
      code: 'custom',
      path: ['__proto__'],
      message: '"__proto__" names no step of the cascade',
      params: { fix: 'use a model id from the cascade, or a step index from 0' },
    })
  }
  return value
}

export const planInputSchema = z.strictObject({
  name: z.string().min(1),
  at: z.preprocess(refusePrototypeKey, z.record(z.string().min(1), z.union([faultName, z.array(faultName).min(1)]))),
  expect: z.strictObject({ servedBy: z.string().nullable().optional() }).optional(),
})

const standardSchema = z.custom<StandardSchemaV1>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { '~standard'?: { validate?: unknown } })['~standard']?.validate === 'function',
  { message: 'expected a Standard Schema validator (a zod, valibot or arktype schema)' },
)

const clientFunction = z.custom<ClientFunction>((value) => typeof value === 'function', {
  message: 'expected "reference", a client function, or { exec: "command" }',
})

const toolSchema = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string().min(1),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().optional(),
  }),
})

const requestSchema = z
  .looseObject({
    model: z.string().min(1).optional(),
    models: z.array(z.string().min(1)).min(1).optional(),
    messages: z.array(z.looseObject({ role: z.enum(['system', 'user', 'assistant', 'tool', 'developer']) })).min(1),
    tools: z.array(toolSchema).optional(),
    tool_choice: z
      .union([
        z.enum(['none', 'auto', 'required']),
        z.looseObject({ type: z.literal('function'), function: z.object({ name: z.string() }) }),
      ])
      .optional(),
    response_format: z
      .union([
        z.looseObject({ type: z.enum(['text', 'json_object']) }),
        z.looseObject({
          type: z.literal('json_schema'),
          json_schema: z.looseObject({
            name: z.string().min(1),
            schema: z.record(z.string(), z.unknown()).optional(),
            strict: z.boolean().nullable().optional(),
          }),
        }),
      ])
      .optional(),
    provider: z.record(z.string(), z.unknown()).optional(),
    max_tokens: z.number().int().positive().optional(),
    stream: z.boolean().optional(),
  })
  .refine((r) => r.model !== undefined || r.models !== undefined, {
    message: 'the request names no model',
    params: { fix: 'add `models: [...]` (the cascade) or `model`' },
  })
  .superRefine((request, ctx) => {
    // A schema that loops onto itself with no object or array in between would overflow the stack of
    // every validator and of the emulator's answer generator: bad input, said once, before any case.
    let deepSchema = false
    for (const source of schemasOf(request as ChatRequest)) {
      const base =
        source.kind === 'tool'
          ? ['tools', Number(/\[(\d+)\]/.exec(source.path)?.[1] ?? 0), 'function', 'parameters']
          : ['response_format', 'json_schema', 'schema']
      // The schema walks of lint, the validators and the answer generator recurse: a schema nested
      // thousands of levels deep overflowed their stacks.
      if (nestsDeeperThan(source.schema, MAX_JSON_DEPTH)) {
        ctx.addIssue({
          code: 'custom',
          path: base,
          message: `${source.label} nests deeper than ${MAX_JSON_DEPTH} levels, more than the harness can check (real schemas nest a few dozen)`,
          params: { fix: 'move repeated parts under $defs and refer to them with $ref' },
        })
        deepSchema = true
        continue
      }
      const loop = refLoop(source.schema)
      if (loop === undefined) continue
      ctx.addIssue({
        code: 'custom',
        path: [...base, ...loop],
        message: `${source.label} refers back to itself with no object or array in between, so it describes no value and no validator can check it`,
        params: {
          fix: 'put the recursion under properties or items (a tree node holding its children), or remove the $ref',
        },
      })
    }
    // The rest of the request is copied, hashed and judged by recursive code too (JSON.stringify among it).
    for (const [key, value] of Object.entries(request)) {
      if (deepSchema && (key === 'tools' || key === 'response_format')) continue
      if (nestsDeeperThan(value, MAX_JSON_DEPTH))
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `nests deeper than ${MAX_JSON_DEPTH} levels, more than the harness can copy and check (a chat request nests a few dozen)`,
          params: { fix: `keep it within ${MAX_JSON_DEPTH} levels (send deeply nested data as a JSON string)` },
        })
    }
  })

export const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  request: requestSchema,
  client: z
    .union([z.literal('reference'), clientFunction, z.strictObject({ exec: z.string().min(1) })])
    .default('reference'),
  expect: z
    .strictObject({
      result: standardSchema.optional(),
      maxCostUsd: z.number().positive().optional(),
      maxLatencyMs: z.number().positive().optional(),
      /** A refusal counts as an answer (for example a moderation assistant). */
      allowRefusal: z.boolean().optional(),
    })
    .default({}),
  faults: z
    .union([
      z.literal('matrix'),
      z.array(planInputSchema).min(1),
      z.strictObject({
        include: z.array(caseSelector).optional(),
        exclude: z.array(caseSelector).optional(),
        plans: z.array(planInputSchema).optional(),
      }),
    ])
    .default('matrix'),
  /** Per case: a client still running after this many (real) milliseconds has hung. */
  deadlineMs: deadlineMsSchema.optional(),
  /** Calls to hosts the harness does not emulate: `fail` the case, or `refuse` them and note the URL (default: the config's). */
  otherHosts: z.enum(['fail', 'refuse']).optional(),
})

export type ScenarioInput = z.input<typeof scenarioSchema>
export type Scenario = z.output<typeof scenarioSchema> & { request: ChatRequest }
export type PlanInput = z.output<typeof planInputSchema>
