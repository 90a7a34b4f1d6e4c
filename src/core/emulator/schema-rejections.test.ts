import { describe, expect, it } from 'vitest'
import { BUILTIN_CATALOG } from '../catalog/builtin.js'
import type { Catalog, ChatRequest } from '../types.js'
import { DEFAULT_EMULATOR_OPTIONS } from './index.js'
import { faultResponse } from './fault-responses.js'
import { canStepServe, inspectStep } from './natural-faults.js'
import { findSchemaRejection, pathSegments } from './schema-rejections.js'
import { emulator, GEMINI_FLASH, GPT_41_MINI, HELLO, SONNET, send } from './test-support.js'

const LLAMA = 'meta-llama/llama-3.3-70b-instruct'
const HAIKU = 'anthropic/claude-haiku-4.5'
const OPTIONS = { unsupportedParameter: 'ignore' as const }

/** A response_format whose schema bounds a number: Anthropic rejects that (confirmed), open-weight ignores it. */
function boundedFormat() {
  return {
    type: 'json_schema',
    json_schema: {
      name: 'invoice',
      strict: true,
      schema: {
        type: 'object',
        properties: { total: { type: 'number', minimum: 0, maximum: 1_000_000 }, currency: { type: 'string' } },
        required: ['total', 'currency'],
        additionalProperties: false,
      },
    },
  }
}

/** A strict response_format that is fine for OpenAI except for an `allOf` at the root. */
function allOfFormat(strict = true) {
  return {
    type: 'json_schema',
    json_schema: {
      name: 'invoice',
      strict,
      schema: {
        type: 'object',
        properties: { total: { type: 'number' } },
        required: ['total'],
        additionalProperties: false,
        allOf: [{ required: ['total'] }],
      },
    },
  }
}

function rawOf(body: any): any {
  return JSON.parse(body.error.metadata.raw as string)
}

describe("a schema feature the step's provider family rejects", () => {
  it('answers the provider\'s 400 wrapped as "Provider returned error" when the step is alone', async () => {
    const answered = await send(emulator(), { model: SONNET, messages: HELLO, response_format: boundedFormat() })
    expect(answered.status).toBe(400)
    expect(answered.body).toEqual({
      error: {
        message: 'Provider returned error',
        code: 400,
        metadata: { raw: expect.any(String), provider_name: 'Anthropic', is_byok: false },
      },
      user_id: 'user_emulator',
    })
    expect(rawOf(answered.body)).toEqual({
      type: 'error',
      error: {
        type: 'invalid_request_error',
        message: "output_config.format.schema: For 'number' type, properties maximum, minimum are not supported",
      },
    })
  })

  it('fails the step as a natural fault and the router falls back to the next step, which serves', async () => {
    const target = emulator()
    const answered = await send(target, { models: [SONNET, LLAMA], messages: HELLO, response_format: boundedFormat() })
    expect(answered.status).toBe(200)
    expect(answered.body.model).toBe(LLAMA)
    expect(target.traces[0]?.attempts).toEqual([
      expect.objectContaining({
        step: 0,
        model: SONNET,
        provider: 'Anthropic',
        fault: 'schema_rejected',
        natural: true,
        status: 400,
      }),
      expect.objectContaining({ step: 1, model: LLAMA, fault: null, natural: false, status: 200 }),
    ])
  })

  it('serves normally on a family that only ignores the same feature', async () => {
    const target = emulator()
    const answered = await send(target, { model: LLAMA, messages: HELLO, response_format: boundedFormat() })
    expect(answered.status).toBe(200)
    expect(JSON.parse(answered.body.choices[0].message.content)).toHaveProperty('total')
    expect(target.traces[0]?.attempts).toEqual([expect.objectContaining({ fault: null, natural: false, status: 200 })])
  })

  it('serves on Gemini, whose documented subset includes minimum and maximum', async () => {
    const answered = await send(emulator(), { model: GEMINI_FLASH, messages: HELLO, response_format: boundedFormat() })
    expect(answered.status).toBe(200)
  })

  it("comes before the plan: the plan's fault for the step is not consumed", async () => {
    const target = emulator({ [SONNET]: ['rate_limit'] })
    await send(target, { models: [SONNET, LLAMA], messages: HELLO, response_format: boundedFormat() })
    await send(target, { model: SONNET, messages: HELLO })
    expect(target.traces.map((t) => t.attempts.map((a) => [a.fault, a.natural]))).toEqual([
      [
        ['schema_rejected', true],
        [null, false],
      ],
      [['rate_limit', false]],
    ])
  })

  it("when every step rejects, ends with the last step's 400 and lists the earlier one in previous_errors", async () => {
    const answered = await send(emulator(), {
      models: [SONNET, HAIKU],
      messages: HELLO,
      response_format: boundedFormat(),
    })
    expect(answered.status).toBe(400)
    expect(answered.body.error.message).toBe('Provider returned error')
    expect(answered.body.error.metadata.previous_errors).toEqual([
      { provider: 'Anthropic', model: SONNET, code: 'invalid_request', status: 400 },
    ])
  })

  it('serves when the rejection is unconfirmed (Anthropic and an object without additionalProperties: false)', async () => {
    const format = boundedFormat()
    format.json_schema.schema.properties = { currency: { type: 'string' } } as never
    format.json_schema.schema.required = ['currency']
    delete (format.json_schema.schema as Record<string, unknown>).additionalProperties
    const answered = await send(emulator(), { model: SONNET, messages: HELLO, response_format: format })
    expect(answered.status).toBe(200)
  })

  it('takes the schema as a hint, and serves, on an Anthropic step without structured_outputs', async () => {
    const sonnet = BUILTIN_CATALOG.models.find((m) => m.id === SONNET)!
    const catalog: Catalog = {
      source: 'test',
      models: [
        { ...sonnet, supported_parameters: sonnet.supported_parameters.filter((p) => p !== 'structured_outputs') },
      ],
    }
    const answered = await send(emulator({}, { catalog }), {
      model: SONNET,
      messages: HELLO,
      response_format: boundedFormat(),
    })
    expect(answered.status).toBe(200)
  })

  it('lists every keyword of the feature at the subschema, as Anthropic does, and says the minItems rule in its words', async () => {
    const format = boundedFormat()
    format.json_schema.schema.properties = { lines: { type: 'array', items: { type: 'string' }, minItems: 2 } } as never
    format.json_schema.schema.required = ['lines']
    const answered = await send(emulator(), { model: SONNET, messages: HELLO, response_format: format })
    expect(rawOf(answered.body).error.message).toBe(
      "output_config.format.schema: For 'array' type, 'minItems' values other than 0 or 1 are not supported",
    )
  })
})

describe('OpenAI strict mode', () => {
  it("rejects a strict schema with allOf in OpenAI's words, naming the response_format and the context", async () => {
    const target = emulator()
    const answered = await send(target, { model: GPT_41_MINI, messages: HELLO, response_format: allOfFormat() })
    expect(answered.status).toBe(400)
    expect(answered.body.error.metadata.provider_name).toBe('OpenAI')
    expect(rawOf(answered.body)).toEqual({
      error: {
        message: "Invalid schema for response_format 'invoice': In context=(), 'allOf' is not permitted.",
        type: 'invalid_request_error',
        param: 'response_format',
        code: null,
      },
    })
  })

  it('serves the same schema without strict: it is only a hint then', async () => {
    const answered = await send(emulator(), {
      model: GPT_41_MINI,
      messages: HELLO,
      response_format: allOfFormat(false),
    })
    expect(answered.status).toBe(200)
  })

  it('names the first missing required property at its context', async () => {
    const format = allOfFormat()
    const schema = format.json_schema.schema as Record<string, unknown>
    delete schema.allOf
    schema.properties = {
      customer: {
        type: 'object',
        properties: { name: { type: 'string' }, email: { type: 'string' } },
        required: ['name'],
        additionalProperties: false,
      },
    }
    schema.required = ['customer']
    const answered = await send(emulator(), { model: GPT_41_MINI, messages: HELLO, response_format: format })
    expect(rawOf(answered.body).error.message).toBe(
      "Invalid schema for response_format 'invoice': In context=('properties', 'customer'), 'required' is required to be supplied and to be an array including every key in properties. Missing 'email'.",
    )
  })
})

describe('a tool whose parameters the family rejects', () => {
  const tools = (strict: boolean) => [
    {
      type: 'function',
      function: {
        name: 'lookup',
        parameters: {
          type: 'object',
          properties: { q: { type: 'string' } },
          required: ['q'],
          additionalProperties: false,
        },
        strict,
      },
    },
    {
      type: 'function',
      function: {
        name: 'save_invoice',
        strict,
        parameters: {
          type: 'object',
          properties: { total: { type: 'number', not: { const: 0 } } },
          required: ['total'],
          additionalProperties: false,
        },
      },
    },
  ]

  it('fails an OpenAI step on a strict function and the router falls back', async () => {
    const target = emulator()
    const answered = await send(target, { models: [GPT_41_MINI, LLAMA], messages: HELLO, tools: tools(true) })
    expect(answered.status).toBe(200)
    expect(answered.body.model).toBe(LLAMA)
    expect(target.traces[0]?.attempts[0]).toMatchObject({
      model: GPT_41_MINI,
      provider: 'OpenAI',
      fault: 'schema_rejected',
      natural: true,
      status: 400,
    })

    const alone = await send(emulator(), { model: GPT_41_MINI, messages: HELLO, tools: tools(true) })
    expect(rawOf(alone.body)).toEqual({
      error: {
        message:
          "Invalid schema for function 'save_invoice': In context=('properties', 'total'), 'not' is not permitted.",
        type: 'invalid_request_error',
        param: 'tools[1].function.parameters',
        code: 'invalid_function_parameters',
      },
    })
  })

  it('serves when the functions are not strict', async () => {
    const answered = await send(emulator(), { model: GPT_41_MINI, messages: HELLO, tools: tools(false) })
    expect(answered.status).toBe(200)
  })

  it('does not fail an Anthropic step on tool parameters: rejection there is unconfirmed through the router', async () => {
    const bounded = [
      {
        type: 'function',
        function: { name: 'save_invoice', strict: true, parameters: boundedFormat().json_schema.schema },
      },
    ]
    const answered = await send(emulator(), { model: SONNET, messages: HELLO, tools: bounded })
    expect(answered.status).toBe(200)
  })
})

describe('canStepServe and inspectStep, which the matrix and lint read', () => {
  const request = (extra: Partial<ChatRequest>): ChatRequest => ({ messages: HELLO as never, ...extra })

  it('say a step whose family rejects the schema cannot serve, and one that ignores it can', () => {
    const withBounds = request({ response_format: boundedFormat() as never })
    expect(canStepServe(withBounds, SONNET, BUILTIN_CATALOG, OPTIONS)).toBe(false)
    expect(canStepServe(withBounds, LLAMA, BUILTIN_CATALOG, OPTIONS)).toBe(true)
    expect(
      canStepServe(request({ response_format: allOfFormat() as never }), GPT_41_MINI, BUILTIN_CATALOG, OPTIONS),
    ).toBe(false)
    expect(
      canStepServe(request({ response_format: allOfFormat(false) as never }), GPT_41_MINI, BUILTIN_CATALOG, OPTIONS),
    ).toBe(true)
  })

  it('say which feature, where, and which provider the router tried', () => {
    const sonnet = BUILTIN_CATALOG.models.find((m) => m.id === SONNET)!
    const facts = inspectStep(
      sonnet,
      SONNET,
      request({ response_format: boundedFormat() as never, provider: { order: ['amazon-bedrock'] } }),
      OPTIONS,
    )
    expect(facts.natural).toMatchObject({
      fault: 'schema_rejected',
      provider: 'Amazon Bedrock',
      family: 'anthropic',
      source: { kind: 'response_format', name: 'invoice', index: 0 },
      rejection: {
        keyword: 'minimum',
        keywords: ['maximum', 'minimum'],
        context: ['properties', 'total'],
        path: 'properties.total.minimum',
        type: 'number',
      },
    })
  })

  it('give the same answer for a schema parsed again from the same text (the analysis cache is keyed by text too)', () => {
    const sonnet = BUILTIN_CATALOG.models.find((m) => m.id === SONNET)!
    const text = JSON.stringify({ messages: HELLO, response_format: boundedFormat() })
    const first = findSchemaRejection(sonnet, SONNET, JSON.parse(text))
    const second = findSchemaRejection(sonnet, SONNET, JSON.parse(text))
    expect(second).toEqual(first)
    expect(second?.rejection?.keyword).toBe('minimum')
    // The cache is per family: the same schema object is still fine for an open-weight step.
    const llama = BUILTIN_CATALOG.models.find((m) => m.id === LLAMA)!
    expect(findSchemaRejection(llama, LLAMA, JSON.parse(text))).toBeNull()
  })
})

describe('an injected schema_rejected (no feature found in the schema)', () => {
  it("still answers the wrapped 400, naming the step's provider and the request's schema", () => {
    const spec = faultResponse('schema_rejected')!
    const outcome = spec.build({
      request: { messages: HELLO as never, response_format: allOfFormat(false) as never },
      modelId: GPT_41_MINI,
      model: BUILTIN_CATALOG.models.find((m) => m.id === GPT_41_MINI)!,
      provider: 'OpenAI',
      options: DEFAULT_EMULATOR_OPTIONS,
      cascade: [GPT_41_MINI],
      now: () => 0,
      natural: undefined,
      answer: () => ({ content: null, refusal: null, finish_reason: 'stop', native_finish_reason: 'stop' }),
    })
    expect(outcome).toMatchObject({
      kind: 'error',
      error: { message: 'Provider returned error', code: 400, metadata: { provider_name: 'OpenAI' } },
    })
    if (outcome.kind !== 'error') throw new Error(`expected an error outcome, got ${outcome.kind}`)
    const raw = JSON.parse(outcome.error.metadata?.raw as string)
    expect(raw.error.message).toMatch(/^Invalid schema for response_format 'invoice': /)
  })
})

describe('pathSegments', () => {
  it('reads a JSON path back into the segments OpenAI prints as its context', () => {
    expect(pathSegments('properties["line items"].items.anyOf[0]')).toEqual([
      'properties',
      'line items',
      'items',
      'anyOf',
      '0',
    ])
    expect(pathSegments('')).toEqual([])
  })
})

describe('a schema that is not valid JSON Schema', () => {
  const objekt = {
    type: 'json_schema',
    json_schema: { name: 'weather', schema: { type: 'objekt', properties: { city: { type: 'string' } } } },
  }

  it('is refused by every provider with its 400, wrapped by the router, at every step: the request fails with no answer synthesized', async () => {
    const target = emulator()
    const answered = await send(target, {
      models: [GEMINI_FLASH, GPT_41_MINI, SONNET],
      messages: HELLO,
      response_format: objekt,
    })
    expect(answered.status).toBe(400)
    expect(answered.body.error.message).toBe('Provider returned error')
    expect(target.traces[0]!.attempts.map((a) => [a.model, a.fault, a.natural, a.status])).toEqual([
      [GEMINI_FLASH, 'schema_rejected', true, 400],
      [GPT_41_MINI, 'schema_rejected', true, 400],
      [SONNET, 'schema_rejected', true, 400],
    ])
    expect(target.traces[0]!.answerSource).toBe('none')
    expect(JSON.stringify(rawOf(answered.body))).toContain('type must be equal to one of the allowed values')
  })

  it('names the tool and the JSON path in the provider sentence when a tool parameters schema is invalid', () => {
    const request = {
      messages: HELLO,
      tools: [
        {
          type: 'function' as const,
          function: {
            name: 'get_weather',
            parameters: { type: 'object', properties: { days: { type: 'integer', minimum: 'one' } } },
          },
        },
      ],
    } as ChatRequest
    const model = BUILTIN_CATALOG.models.find((m) => m.id === GPT_41_MINI)!
    const rejected = findSchemaRejection(model, GPT_41_MINI, request)
    expect(rejected).toMatchObject({
      source: { kind: 'tool', name: 'get_weather', index: 0 },
      rejection: { kind: 'invalid', path: 'properties.days.minimum', detail: 'must be number' },
    })
  })
})
