import { describe, expect, it } from 'vitest'
import { checkCompletion } from '../contract/index.js'
import { createRandom } from '../random.js'
import type { ChatRequest } from '../types.js'
import { completionOf } from './__fixtures__/completion.js'
import { flagsSchema, jsonSchemaRequest, textRequest, toolRequest } from './__fixtures__/requests.js'
import { FAULTS } from '../faults.js'
import { applyQuirk, REFUSAL_TEXT } from './quirks.js'
import { synthesizeAnswer } from './synthesize.js'
import type { AnswerMessage } from './types.js'

const MODEL = 'openai/gpt-4.1-mini'
/** Every answer quirk of the fault catalog: `applyQuirk` must know each. */
const ANSWER_QUIRKS = FAULTS.filter((f) => f.layer === 'answer').map((f) => f.name)

function served(request: ChatRequest, model = MODEL): AnswerMessage {
  return synthesizeAnswer({ request, model, random: createRandom(11) })
}

/** Applies a quirk to a clean synthesized answer and judges the result the way the runner does. */
function judge(quirk: string, request: ChatRequest, model = MODEL) {
  const answer = applyQuirk(quirk, served(request, model), { request, random: createRandom(5), model })
  return { answer, failures: checkCompletion(request, completionOf(answer, model), {}) }
}

describe('applyQuirk', () => {
  it('leaves a clean answer passing the contract, so every failure below comes from the quirk', () => {
    for (const request of [jsonSchemaRequest(), toolRequest(), textRequest()]) {
      expect(checkCompletion(request, completionOf(served(request)), {})).toEqual([])
    }
  })

  it('fenced_json wraps the JSON in a Markdown fence, which the contract names', () => {
    const { answer, failures } = judge('fenced_json', jsonSchemaRequest())
    expect(answer.content).toMatch(/^```json\n\{.*\}\n```$/s)
    expect(failures).toMatchInlineSnapshot(`
      [
        {
          "check": "json-parse",
          "message": "the content is JSON wrapped in a Markdown fence; JSON.parse fails on it",
          "path": "response.choices[0].message.content",
        },
      ]
    `)
  })

  it('extra_key adds a key the schema does not declare', () => {
    const { answer, failures } = judge('extra_key', jsonSchemaRequest())
    expect(JSON.parse(answer.content ?? '')).toHaveProperty('confidence', 0.92)
    expect(failures).toMatchInlineSnapshot(`
      [
        {
          "check": "schema",
          "message": "$.confidence: the key is not declared in the schema (additionalProperties: false)",
          "path": "response.choices[0].message.content.confidence",
        },
      ]
    `)
  })

  it('missing_required_key drops a required key', () => {
    const { failures } = judge('missing_required_key', jsonSchemaRequest())
    expect(failures).toMatchInlineSnapshot(`
      [
        {
          "check": "schema",
          "message": "$: the required key "total" is missing",
          "path": "response.choices[0].message.content",
        },
      ]
    `)
  })

  it('number_as_string turns a number into a string', () => {
    const { failures } = judge('number_as_string', jsonSchemaRequest())
    expect(failures).toMatchInlineSnapshot(`
      [
        {
          "check": "schema",
          "message": "$.line_items[3].quantity: expected integer, got string "13"",
          "path": "response.choices[0].message.content.line_items[3].quantity",
        },
      ]
    `)
  })

  it('number_as_string bends a boolean into a string when the schema has no number', () => {
    const { answer, failures } = judge('number_as_string', jsonSchemaRequest(flagsSchema))
    expect(typeof JSON.parse(answer.content ?? '').approved).toBe('string')
    expect(failures).toMatchInlineSnapshot(`
      [
        {
          "check": "schema",
          "message": "$.approved: expected boolean, got string "true"",
          "path": "response.choices[0].message.content.approved",
        },
      ]
    `)
  })

  it('truncated cuts the content in half with finish_reason "length" and the native reason of the family', () => {
    const natives = ['google/gemini-2.5-flash', 'anthropic/claude-sonnet-4.5', MODEL].map(
      (model) => judge('truncated', jsonSchemaRequest(), model).answer.native_finish_reason,
    )
    expect(natives).toEqual(['MAX_TOKENS', 'max_tokens', 'length'])
    const { answer, failures } = judge('truncated', jsonSchemaRequest())
    expect(answer.finish_reason).toBe('length')
    expect(answer.content?.length).toBe(Math.floor((served(jsonSchemaRequest()).content ?? '').length / 2))
    expect(failures).toMatchInlineSnapshot(`
      [
        {
          "check": "finish-reason",
          "message": "finish_reason is "length": the answer was cut off at the token limit",
          "path": "response.choices[0].finish_reason",
        },
        {
          "check": "json-parse",
          "message": "the content is not valid JSON: the text ends before the JSON value is complete",
          "path": "response.choices[0].message.content",
        },
      ]
    `)
  })

  it('truncated cuts the tool arguments when the answer is a tool call', () => {
    const { answer, failures } = judge('truncated', toolRequest())
    expect(answer.finish_reason).toBe('length')
    expect(failures.map((f) => f.check)).toEqual(['finish-reason', 'tool-arguments'])
  })

  it('refusal replaces the answer with a refusal, which passes only where the scenario allows it', () => {
    const request = jsonSchemaRequest()
    const { answer, failures } = judge('refusal', request)
    expect(answer).toMatchObject({
      content: null,
      refusal: REFUSAL_TEXT,
      finish_reason: 'stop',
      native_finish_reason: 'stop',
    })
    expect(failures).toMatchInlineSnapshot(`
      [
        {
          "check": "refusal",
          "message": "the model refused: "I'm sorry, but I can't help with that."",
          "path": "response.choices[0].message.refusal",
        },
      ]
    `)
    expect(checkCompletion(request, completionOf(answer), { allowRefusal: true })).toEqual([])
  })

  it('tool_args_not_json cuts the arguments after a key', () => {
    const { answer, failures } = judge('tool_args_not_json', toolRequest())
    expect(answer.tool_calls?.[0]?.function.arguments).toMatch(/"\w+": $/)
    expect(failures).toMatchInlineSnapshot(`
      [
        {
          "check": "tool-arguments",
          "message": "the arguments of tool call "extract_invoice" are not valid JSON: the text ends before the JSON value is complete",
          "path": "response.choices[0].message.tool_calls[0].function.arguments",
        },
      ]
    `)
  })

  it('tool_args_not_json turns a content answer into a broken tool call when the request has tools', () => {
    const request = jsonSchemaRequest(undefined, { tools: toolRequest().tools, tool_choice: 'auto' })
    const { answer, failures } = judge('tool_args_not_json', request)
    expect(answer).toMatchObject({ content: null, finish_reason: 'tool_calls' })
    expect(failures.map((f) => f.check)).toEqual(['tool-arguments'])
  })

  it('unknown_tool renames the call to a tool the request does not declare', () => {
    const { answer, failures } = judge('unknown_tool', toolRequest())
    expect(answer.tool_calls?.[0]?.function.name).toBe('web_search')
    expect(failures).toMatchInlineSnapshot(`
      [
        {
          "check": "tool-name",
          "message": "the tool call names "web_search", which the request does not declare (declared: extract_invoice, lookup_customer)",
          "path": "response.choices[0].message.tool_calls[0].function.name",
        },
      ]
    `)
  })

  it('empty_content answers an empty string with finish_reason "stop"', () => {
    const { answer, failures } = judge('empty_content', toolRequest())
    expect(answer).toMatchObject({ content: '', finish_reason: 'stop', refusal: null })
    expect(answer.tool_calls).toBeUndefined()
    expect(failures).toMatchInlineSnapshot(`
      [
        {
          "check": "empty",
          "message": "the answer is empty: the content is an empty string and there is no tool call",
          "path": "response.choices[0].message.content",
        },
      ]
    `)
  })

  it('extra_key, missing_required_key and number_as_string bend tool arguments when the answer is a tool call', () => {
    const checks = ['extra_key', 'missing_required_key', 'number_as_string', 'fenced_json'].map((quirk) =>
      judge(quirk, toolRequest()).failures.map((f) => f.check),
    )
    expect(checks).toEqual([['tool-arguments'], ['tool-arguments'], ['tool-arguments'], ['tool-arguments']])
  })

  it('is deterministic for a given random sequence', () => {
    const request = jsonSchemaRequest()
    for (const quirk of ANSWER_QUIRKS) {
      const a = applyQuirk(quirk, served(request), { request, random: createRandom(9) })
      const b = applyQuirk(quirk, served(request), { request, random: createRandom(9) })
      expect(b).toEqual(a)
    }
  })

  it('does not mutate the answer it bends', () => {
    const request = jsonSchemaRequest()
    const answer = served(request)
    const copy = structuredClone(answer)
    for (const quirk of ANSWER_QUIRKS) applyQuirk(quirk, answer, { request, random: createRandom(2) })
    expect(answer).toEqual(copy)
  })

  it('rejects a name that is not an answer quirk', () => {
    expect(() =>
      applyQuirk('rate_limit', served(textRequest()), { request: textRequest(), random: createRandom(1) }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[Error: "rate_limit" is not an answer quirk (known: fenced_json, extra_key, missing_required_key, number_as_string, truncated, refusal, tool_args_not_json, unknown_tool, empty_content, outside_app_schema, slow_first_token, reasoning_before_content, think_block, text_before_tool_call, stop_with_tool_calls, empty_string_content, dated_model_slug)]`,
    )
  })
})
