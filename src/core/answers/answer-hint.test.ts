import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { createRandom } from '../random.js'
import type { JsonSchema } from '../types.js'
import { invoiceSchema, jsonSchemaRequest, outlineSchema, textRequest, toolRequest } from './__fixtures__/requests.js'
import { jsonSchemaOfStandard } from './answer-hint.js'
import { SYNTHESIZED_MARK, synthesizeAnswer } from './synthesize.js'

// The faker, counted: synthesis must pay for it once per (schema, hint, variant), never per answer.
const faker = vi.hoisted(() => ({ calls: 0 }))
vi.mock('json-schema-faker', async (importOriginal) => {
  const original = await importOriginal<typeof import('json-schema-faker')>()
  return {
    ...original,
    generateSync: (...args: Parameters<typeof original.generateSync>) => (
      faker.calls++,
      original.generateSync(...args)
    ),
  }
})

// An independent ajv (not core/contract's) so a bug in the contract checks cannot hide one here.
const ajv = new Ajv2020({ allErrors: true, strict: false })
addFormatsModule.default(ajv)
const validates = (schema: JsonSchema, value: unknown) => ajv.compile(schema as object)(value)

const SEEDS = Array.from({ length: 24 }, (_, i) => i * 7919 + 1)
const MODEL = 'anthropic/claude-sonnet-4.5'

/** What the user sent: no bounds, because Anthropic rejects minimum/maximum. */
const scoreSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['score', 'label'],
  properties: { score: { type: 'number' }, label: { type: 'string' } },
} satisfies JsonSchema

/** What the user's `expect.result` says, the way the runner converts it. */
const scoreResult = z.object({ score: z.number().min(0).max(1), label: z.string() })

const content = (schema: JsonSchema, seed: number, hint?: JsonSchema): unknown =>
  JSON.parse(
    synthesizeAnswer({
      request: jsonSchemaRequest(schema),
      model: MODEL,
      random: createRandom(seed),
      ...(hint !== undefined ? { hint } : {}),
    }).content ?? '',
  )

describe('jsonSchemaOfStandard', () => {
  it('gives the input JSON Schema of a zod schema, bounds included', () => {
    expect(jsonSchemaOfStandard(scoreResult)).toEqual({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { score: { type: 'number', minimum: 0, maximum: 1 }, label: { type: 'string' } },
      required: ['score', 'label'],
    })
  })

  it('describes the input side of a transform, which has one', () => {
    expect(jsonSchemaOfStandard(z.object({ at: z.string().transform((text) => new Date(text)) }))).toMatchObject({
      properties: { at: { type: 'string' } },
    })
  })

  it('is undefined when the converter throws, when there is none, and for values that are not validators', () => {
    expect(jsonSchemaOfStandard(z.object({ at: z.date() }))).toBeUndefined()
    expect(jsonSchemaOfStandard(z.custom<string>(() => true))).toBeUndefined()
    const withoutConverter = {
      '~standard': { version: 1, vendor: 'hand-made', validate: (value: unknown) => ({ value }) },
    }
    expect(jsonSchemaOfStandard(withoutConverter)).toBeUndefined()
    expect(jsonSchemaOfStandard(undefined)).toBeUndefined()
    expect(jsonSchemaOfStandard('{"type":"object"}')).toBeUndefined()
  })
})

describe('synthesis with an answer hint', () => {
  const hint = jsonSchemaOfStandard(scoreResult) as JsonSchema

  it("keeps scores in the hint's [0, 1] for every seed, where the response schema alone gives larger ones", () => {
    const plain = SEEDS.map((seed) => content(scoreSchema, seed) as { score: number })
    const hinted = SEEDS.map((seed) => content(scoreSchema, seed, hint) as { score: number })
    expect(plain.some((value) => value.score > 1)).toBe(true)
    for (const value of hinted) {
      expect(validates(scoreSchema, value), JSON.stringify(value)).toBe(true)
      expect(value.score).toBeGreaterThanOrEqual(0)
      expect(value.score).toBeLessThanOrEqual(1)
    }
    expect(new Set(hinted.map((value) => value.score)).size).toBeGreaterThan(5)
  })

  it("follows a hint inside array items and through the response schema's $ref, keeping every field of the response schema", () => {
    const invoiceResult = z.looseObject({
      total: z.number().max(50),
      line_items: z.array(z.looseObject({ unit_price: z.number().max(10) })).max(2),
    })
    const invoiceHint = jsonSchemaOfStandard(invoiceResult) as JsonSchema
    for (const seed of SEEDS) {
      const value = content(invoiceSchema, seed, invoiceHint)
      expect(validates(invoiceSchema, value), `seed ${seed}`).toBe(true)
      expect(validates(invoiceHint, value), `seed ${seed}: ${JSON.stringify(value)}`).toBe(true)
    }
  })

  it('follows a recursive hint over a recursive response schema', () => {
    type Section = { title: string; children: Section[] }
    const section: z.ZodType<Section> = z.object({
      title: z.string().max(5),
      get children() {
        return z.array(section)
      },
    })
    const outlineHint = jsonSchemaOfStandard(section) as JsonSchema
    for (const seed of SEEDS.slice(0, 8)) {
      const value = content(outlineSchema, seed, outlineHint)
      expect(validates(outlineSchema, value), `seed ${seed}`).toBe(true)
      expect(validates(outlineHint, value), `seed ${seed}: ${JSON.stringify(value)}`).toBe(true)
    }
  })

  it('falls back to the response schema alone when the hint has another shape', () => {
    const wrapped = jsonSchemaOfStandard(
      z.object({ answer: z.object({ score: z.number() }), model: z.string() }),
    ) as JsonSchema
    for (const seed of SEEDS) {
      const value = content(scoreSchema, seed, wrapped)
      expect(validates(scoreSchema, value)).toBe(true)
      expect(value).toEqual(content(scoreSchema, seed))
    }
  })

  it('tries a hint that cannot apply once per variant, not again on every answer', () => {
    const schema = { ...scoreSchema, title: 'counted' }
    const wrapped = jsonSchemaOfStandard(z.object({ answer: z.string() })) as JsonSchema
    for (const seed of SEEDS) content(schema, seed, wrapped)
    const afterFirstPass = faker.calls
    expect(afterFirstPass).toBeGreaterThan(0)
    for (const seed of SEEDS) content(JSON.parse(JSON.stringify(schema)), seed, JSON.parse(JSON.stringify(wrapped)))
    expect(faker.calls).toBe(afterFirstPass)
  })

  it('gives the same answer for the same seed, and for an equal hint parsed separately', () => {
    const parsed = JSON.parse(JSON.stringify(hint)) as JsonSchema
    for (const seed of SEEDS.slice(0, 5))
      expect(content(scoreSchema, seed, parsed)).toEqual(content(scoreSchema, seed, hint))
  })

  it('shapes tool arguments when they can meet the hint, and json_object content too', () => {
    const totalHint: JsonSchema = {
      type: 'object',
      properties: { total: { type: 'number', maximum: 1 } },
      required: ['total'],
    }
    for (const seed of SEEDS.slice(0, 8)) {
      const call = synthesizeAnswer({
        request: toolRequest({ tool_choice: 'required' }),
        model: MODEL,
        random: createRandom(seed),
        hint: totalHint,
      }).tool_calls?.[0]
      const args: unknown = JSON.parse(call?.function.arguments ?? '')
      expect(validates(invoiceSchema, args)).toBe(true)
      expect((args as { total: number }).total).toBeLessThanOrEqual(1)
    }
    const jsonObject = synthesizeAnswer({
      request: textRequest({ response_format: { type: 'json_object' } }),
      model: MODEL,
      random: createRandom(1),
      hint,
    })
    expect(validates(hint, JSON.parse(jsonObject.content ?? ''))).toBe(true)
  })

  it('keeps the marked json_object stand-in when the hint asks for something other than an object', () => {
    const answer = synthesizeAnswer({
      request: textRequest({ response_format: { type: 'json_object' } }),
      model: MODEL,
      random: createRandom(1),
      hint: { type: 'array' },
    })
    expect(answer.content).toContain(SYNTHESIZED_MARK)
  })
})

describe('numbers the schema leaves unbounded', () => {
  const numbers = {
    type: 'object',
    additionalProperties: false,
    required: ['free', 'whole', 'above', 'below', 'bounded', 'choice'],
    properties: {
      free: { type: 'number' },
      whole: { type: 'integer' },
      above: { type: 'number', exclusiveMinimum: 500 },
      below: { type: 'number', maximum: -40 },
      bounded: { type: 'number', minimum: 2000, maximum: 3000 },
      choice: { type: 'number', enum: [250.5, 999] },
    },
  } satisfies JsonSchema

  it('are modest (0 to 100, or within 100 of the one bound given), and bounds the schema sets are kept', () => {
    for (const seed of SEEDS) {
      const value = content(numbers, seed) as {
        free: number
        whole: number
        above: number
        below: number
        bounded: number
      }
      expect(validates(numbers, value)).toBe(true)
      expect(value.free).toBeGreaterThanOrEqual(0)
      expect(value.free).toBeLessThanOrEqual(100)
      expect(Number.isInteger(value.whole) && value.whole >= 0 && value.whole <= 100).toBe(true)
      expect(value.above).toBeLessThanOrEqual(600)
      expect(value.below).toBeGreaterThanOrEqual(-140)
      expect(value.bounded).toBeGreaterThanOrEqual(2000)
    }
  })
})
