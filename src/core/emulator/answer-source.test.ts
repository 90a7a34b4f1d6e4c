import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { jsonSchemaOfStandard } from '../answers/answer-hint.js'
import type { JsonSchema } from '../types.js'
import { ANSWER_SOURCE_HEADER } from './index.js'
import { emulator, GEMINI_FLASH, GPT_41_MINI, HELLO, send, SONNET } from './test-support.js'
import type { CassetteLookup, RecordedAnswer } from './types.js'

const ajv = new Ajv2020({ strict: false })

/** A response_format without bounds (Anthropic rejects them), as the user of the report wrote it. */
const SCORE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['score', 'reason'],
  properties: { score: { type: 'number' }, reason: { type: 'string' } },
} satisfies JsonSchema

const scoreRequest = (seedNote: string) => ({
  models: [SONNET, GPT_41_MINI],
  messages: [...HELLO, { role: 'user', content: seedNote }],
  response_format: { type: 'json_schema', json_schema: { name: 'score', strict: true, schema: SCORE_SCHEMA } },
})

const recordedBody = (content: string) => ({
  model: 'openai/gpt-4.1-mini-2025-04-14',
  choices: [{ finish_reason: 'stop', native_finish_reason: 'stop', message: { role: 'assistant', content } }],
  usage: { prompt_tokens: 31, completion_tokens: 7, total_tokens: 38, cost: 0.0000236 },
})

const cassetteFor = (model: string, recorded: RecordedAnswer): CassetteLookup => ({
  find: (asked) => (asked === model ? recorded : undefined),
})

describe('the answer hint of a scenario (answerHint)', () => {
  // What the runner passes: the JSON Schema of the scenario's `expect.result`.
  const hint = {
    schema: jsonSchemaOfStandard(z.object({ score: z.number().min(0).max(1), reason: z.string() })) as JsonSchema,
  }

  it('serves scores in the expect.result range [0, 1] for every seed, where the response schema alone does not', async () => {
    const scores = async (withHint: boolean) => {
      const found: number[] = []
      for (let seed = 1; seed <= 12; seed++) {
        const target = emulator({ '0': 'rate_limit' }, { seed, ...(withHint ? { answerHint: hint } : {}) })
        const answered = await send(target, scoreRequest(`case ${seed}`))
        const value: unknown = JSON.parse(answered.body.choices[0].message.content)
        expect(ajv.validate(SCORE_SCHEMA, value)).toBe(true)
        found.push((value as { score: number }).score)
      }
      return found
    }
    expect((await scores(false)).some((score) => score > 1)).toBe(true)
    const hinted = await scores(true)
    expect(hinted.every((score) => score >= 0 && score <= 1)).toBe(true)
    expect(new Set(hinted).size).toBeGreaterThan(3)
  })

  it('falls back to the response schema when the hint describes another shape than the content', async () => {
    const wrapped = {
      schema: jsonSchemaOfStandard(
        z.object({ result: z.object({ score: z.number() }), servedBy: z.string() }),
      ) as JsonSchema,
    }
    for (let seed = 1; seed <= 6; seed++) {
      const answered = await send(emulator({}, { seed, answerHint: wrapped }), scoreRequest('fallback'))
      const plain = await send(emulator({}, { seed }), scoreRequest('fallback'))
      const value: unknown = JSON.parse(answered.body.choices[0].message.content)
      expect(ajv.validate(SCORE_SCHEMA, value)).toBe(true)
      expect(answered.body.choices[0].message.content).toBe(plain.body.choices[0].message.content)
    }
  })

  it('leaves cassettes as recorded', async () => {
    const recorded: RecordedAnswer = {
      status: 200,
      latencyMs: 900,
      body: recordedBody('{"score":7,"reason":"recorded"}'),
    }
    const answered = await send(
      emulator({}, { answerHint: hint, cassettes: cassetteFor(SONNET, recorded) }),
      scoreRequest('cassette'),
    )
    expect(answered.body.choices[0].message.content).toBe('{"score":7,"reason":"recorded"}')
  })
})

describe(`the ${ANSWER_SOURCE_HEADER} header`, () => {
  it('says "synthesized" on a synthesized answer, streamed or not', async () => {
    const target = emulator()
    const plain = await send(target, { model: GEMINI_FLASH, messages: HELLO })
    const streamed = await send(target, { model: GEMINI_FLASH, messages: HELLO, stream: true })
    expect([plain.headers.get(ANSWER_SOURCE_HEADER), streamed.headers.get(ANSWER_SOURCE_HEADER)]).toEqual([
      'synthesized',
      'synthesized',
    ])
    expect(target.traces.map((trace) => trace.answerSource)).toEqual(['synthesized', 'synthesized'])
  })

  it('says "cassette" on a recorded real answer', async () => {
    const recorded: RecordedAnswer = { status: 200, latencyMs: 2345, body: recordedBody('{"total":42.5}') }
    const target = emulator({ '0': 'rate_limit' }, { cassettes: cassetteFor(GPT_41_MINI, recorded) })
    const answered = await send(target, { models: [GEMINI_FLASH, GPT_41_MINI], messages: HELLO })
    expect(answered.headers.get(ANSWER_SOURCE_HEADER)).toBe('cassette')
    expect(target.traces[0]?.answerSource).toBe('cassette')
  })

  it.each([
    ['a planned 429', { '0': 'rate_limit' }, {}],
    ['an error inside a 200', { '0': 'error_in_200' }, {}],
    ['a choice error carrying half an answer', { '0': 'choice_error' }, {}],
    ["the edge's HTML 502", { '0': 'edge_502_html' }, {}],
    ['a mid-stream error', { '0': 'stream_error' }, { stream: true }],
  ] as const)('says "none" on %s, as the trace does', async (_name, at, extra) => {
    const target = emulator(at)
    const answered = await send(target, { model: GEMINI_FLASH, messages: HELLO, ...extra })
    expect(answered.headers.get(ANSWER_SOURCE_HEADER)).toBe('none')
    expect(target.traces[0]?.answerSource).toBe('none')
  })

  it('says "none" on the errors that stop a request before routing, and on a replayed recorded error', async () => {
    const unauthenticated = await send(emulator(), { model: GEMINI_FLASH, messages: HELLO }, {})
    const invalid = await send(emulator(), '{ not json')
    const unknownModel = await send(emulator(), { model: 'nobody/no-such-model', messages: HELLO })
    const recordedError: RecordedAnswer = {
      status: 400,
      latencyMs: 80,
      body: { error: { message: 'Provider returned error', code: 400 } },
    }
    const replayed = await send(emulator({}, { cassettes: cassetteFor(GEMINI_FLASH, recordedError) }), {
      model: GEMINI_FLASH,
      messages: HELLO,
    })
    expect([unauthenticated.status, invalid.status, unknownModel.status, replayed.status]).toEqual([401, 400, 400, 400])
    for (const answered of [unauthenticated, invalid, unknownModel, replayed])
      expect(answered.headers.get(ANSWER_SOURCE_HEADER)).toBe('none')
  })

  it('is not on the models list, which serves no answer', async () => {
    const response = await emulator().handle(new Request('https://openrouter.ai/api/v1/models'))
    expect(response.headers.get(ANSWER_SOURCE_HEADER)).toBeNull()
  })
})

describe('a cassette recorded from an emulator (synthetic)', () => {
  it('replays its recorded answer but traces and labels it as synthesized, not as a real answer', async () => {
    const recorded: RecordedAnswer = {
      synthetic: true,
      status: 200,
      latencyMs: 700,
      body: recordedBody('{"total":250.38}'),
    }
    const target = emulator({}, { cassettes: cassetteFor(GEMINI_FLASH, recorded) })
    const answered = await send(target, { model: GEMINI_FLASH, messages: HELLO })
    expect(answered.body.choices[0].message.content).toBe('{"total":250.38}')
    expect(target.traces[0]?.answerSource).toBe('synthesized')
    expect(answered.headers.get(ANSWER_SOURCE_HEADER)).toBe('synthesized')
  })
})
