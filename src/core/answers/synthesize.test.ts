import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { createRandom } from '../random.js'
import type { JsonSchema } from '../types.js'
import {
  eventSchema,
  extractInvoiceTool,
  flagsSchema,
  invoiceSchema,
  jsonSchemaRequest,
  lookupCustomerTool,
  outlineSchema,
  textRequest,
  toolRequest,
} from './__fixtures__/requests.js'
import { SYNTHESIZED_MARK, synthesizeAnswer } from './synthesize.js'

// An independent ajv (not core/contract's) so a bug in the contract checks cannot hide one here.
const ajv = new Ajv2020({ allErrors: true, strict: false })
addFormatsModule.default(ajv)

const SEEDS = Array.from({ length: 40 }, (_, i) => i * 7919 + 1)

describe('synthesizeAnswer', () => {
  it.each([
    ['the invoice schema (nested arrays, enums, formats, pattern, $ref)', invoiceSchema],
    ['a discriminated oneOf', eventSchema],
    ['a recursive schema through definitions', outlineSchema],
    ['booleans and strings only', flagsSchema],
  ] as Array<[string, JsonSchema]>)(
    'answers JSON content that validates against %s, for every seed',
    (_name, schema) => {
      const validate = ajv.compile(schema as object)
      for (const seed of SEEDS) {
        const answer = synthesizeAnswer({
          request: jsonSchemaRequest(schema),
          model: 'openai/gpt-4.1-mini',
          random: createRandom(seed),
        })
        const value: unknown = JSON.parse(answer.content ?? '')
        expect(validate(value), `seed ${seed}: ${JSON.stringify(validate.errors)}`).toBe(true)
        expect(answer.finish_reason).toBe('stop')
      }
    },
  )

  it('gives byte-identical answers for the same seed and varied answers across seeds', () => {
    const request = jsonSchemaRequest()
    const answers = SEEDS.map(
      (seed) => synthesizeAnswer({ request, model: 'openai/gpt-4.1-mini', random: createRandom(seed) }).content,
    )
    const again = SEEDS.map(
      (seed) => synthesizeAnswer({ request, model: 'openai/gpt-4.1-mini', random: createRandom(seed) }).content,
    )
    expect(again).toEqual(answers)
    expect(new Set(answers).size).toBeGreaterThan(5)
  })

  it('gives the same answer for an equal schema parsed from another request body', () => {
    const parsed = JSON.parse(JSON.stringify(jsonSchemaRequest()))
    const a = synthesizeAnswer({ request: jsonSchemaRequest(), model: 'x/y', random: createRandom(3) })
    const b = synthesizeAnswer({ request: parsed, model: 'x/y', random: createRandom(3) })
    expect(b).toEqual(a)
  })

  it('calls the first tool with arguments that validate against its parameters when tools are present', () => {
    const validate = ajv.compile(extractInvoiceTool.function.parameters as object)
    for (const seed of SEEDS.slice(0, 10)) {
      const answer = synthesizeAnswer({
        request: toolRequest(),
        model: 'openai/gpt-4.1-mini',
        random: createRandom(seed),
      })
      expect(answer.content).toBeNull()
      expect(answer.finish_reason).toBe('tool_calls')
      const call = answer.tool_calls?.[0]
      expect(call?.id).toMatch(/^call_[A-Za-z0-9]{24}$/)
      expect(call?.type).toBe('function')
      expect(call?.function.name).toBe('extract_invoice')
      expect(validate(JSON.parse(call?.function.arguments ?? ''))).toBe(true)
    }
  })

  it('calls the function that tool_choice names', () => {
    const answer = synthesizeAnswer({
      request: toolRequest({ tool_choice: { type: 'function', function: { name: 'lookup_customer' } } }),
      model: 'openai/gpt-4.1-mini',
      random: createRandom(1),
    })
    expect(answer.tool_calls?.[0]?.function.name).toBe('lookup_customer')
    expect(
      ajv.compile(lookupCustomerTool.function.parameters as object)(
        JSON.parse(answer.tool_calls?.[0]?.function.arguments ?? ''),
      ),
    ).toBe(true)
  })

  it('answers the JSON content when both tools and a response_format are present with tool_choice auto', () => {
    const answer = synthesizeAnswer({
      request: jsonSchemaRequest(invoiceSchema, { tools: [extractInvoiceTool], tool_choice: 'auto' }),
      model: 'x/y',
      random: createRandom(1),
    })
    expect(answer.tool_calls).toBeUndefined()
    expect(ajv.compile(invoiceSchema)(JSON.parse(answer.content ?? ''))).toBe(true)
  })

  it('calls a tool despite a response_format when tool_choice is "required"', () => {
    const answer = synthesizeAnswer({
      request: jsonSchemaRequest(invoiceSchema, { tools: [lookupCustomerTool], tool_choice: 'required' }),
      model: 'x/y',
      random: createRandom(1),
    })
    expect(answer.tool_calls?.[0]?.function.name).toBe('lookup_customer')
  })

  it('answers text, not a tool call, when tool_choice is "none"', () => {
    const answer = synthesizeAnswer({
      request: toolRequest({ tool_choice: 'none' }),
      model: 'x/y',
      random: createRandom(1),
    })
    expect(answer.tool_calls).toBeUndefined()
    expect(answer.content).toContain(SYNTHESIZED_MARK)
  })

  it('marks text answers as synthesized and answers json_object with a small object', () => {
    expect(
      synthesizeAnswer({ request: textRequest(), model: 'openai/gpt-4.1-mini', random: createRandom(1) }).content,
    ).toMatchInlineSnapshot(
      `"[synthesized by cascade-harness] A stand-in answer from openai/gpt-4.1-mini: record a cassette to replay a real one."`,
    )
    const json = synthesizeAnswer({
      request: textRequest({ response_format: { type: 'json_object' } }),
      model: 'openai/gpt-4.1-mini',
      random: createRandom(1),
    })
    expect(JSON.parse(json.content ?? '')).toEqual({
      answer: '[synthesized by cascade-harness] a JSON answer from openai/gpt-4.1-mini',
    })
  })

  it('gives each provider family its native finish reason', () => {
    const native = (model: string, request = textRequest()) =>
      synthesizeAnswer({ request, model, random: createRandom(1) }).native_finish_reason
    expect([
      native('google/gemini-2.5-flash'),
      native('anthropic/claude-sonnet-4.5'),
      native('openai/gpt-4.1-mini'),
    ]).toEqual(['STOP', 'end_turn', 'stop'])
    expect([
      native('google/gemini-2.5-flash', toolRequest()),
      native('anthropic/claude-sonnet-4.5', toolRequest()),
      native('openai/gpt-4.1-mini', toolRequest()),
    ]).toEqual(['STOP', 'tool_use', 'tool_calls'])
  })
})
