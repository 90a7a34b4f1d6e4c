import { describe, expect, it } from 'vitest'
import { invoiceSchema, jsonSchemaRequest, toolRequest } from '../answers/__fixtures__/requests.js'
import type { ChatRequest } from '../types.js'
import { checkRequestFidelity } from './index.js'

const scenario: ChatRequest = { ...jsonSchemaRequest(), tools: toolRequest().tools, tool_choice: 'auto' }
const sent = (change: Partial<ChatRequest>): unknown => ({ ...structuredClone(scenario), ...change })

describe('checkRequestFidelity', () => {
  it('passes the scenario body sent as is, and ignores model, the dialect marker and the extra turns of a tool loop', () => {
    const loop = sent({
      model: 'openai/gpt-4.1-mini',
      models: undefined,
      messages: [...scenario.messages, { role: 'assistant', content: 'ok' }],
    })
    expect(checkRequestFidelity(scenario, loop, 1)).toEqual([])
    const withDialect = structuredClone(scenario)
    ;(withDialect.tools![0]!.function.parameters as Record<string, unknown>).$schema =
      'http://json-schema.org/draft-07/schema#'
    expect(checkRequestFidelity(scenario, withDialect, 0)).toEqual([])
  })

  it('says in 1-based steps which step was sent no tools', () => {
    expect(checkRequestFidelity(scenario, sent({ tools: undefined }), 1)).toMatchInlineSnapshot(`
      [
        {
          "check": "request-fidelity",
          "message": "step 2 was sent no \`tools\` although the scenario declares them",
          "path": "request.tools",
        },
      ]
    `)
  })

  it('says which step, for a frozen body (one the emulator shares between cases) sent at several steps', () => {
    const noTools = Object.freeze(sent({ tools: undefined }) as object)
    const messages = (step: number) => checkRequestFidelity(scenario, noTools, step).map((f) => f.message)
    expect([messages(0), messages(2), messages(0)]).toEqual([
      ['step 1 was sent no `tools` although the scenario declares them'],
      ['step 3 was sent no `tools` although the scenario declares them'],
      ['step 1 was sent no `tools` although the scenario declares them'],
    ])
    expect(checkRequestFidelity(scenario, Object.freeze(structuredClone(scenario)), 0)).toEqual([])
  })

  it('names a dropped tool, an added tool and changed parameters with the first difference', () => {
    const [extract, lookup] = structuredClone(scenario.tools!)
    const changed = structuredClone(extract!)
    ;(changed.function.parameters as { properties: { total: { type: string } } }).properties.total.type = 'string'
    expect(checkRequestFidelity(scenario, sent({ tools: [changed] }), 0).map((f) => f.message)).toMatchInlineSnapshot(`
      [
        "step 1 was sent different \`parameters\` for tool "extract_invoice" than the scenario declares (first difference at $.properties.total.type)",
        "step 1 was sent \`tools\` without "lookup_customer", which the scenario declares",
      ]
    `)
    const search = { type: 'function' as const, function: { name: 'web_search', parameters: {} } }
    expect(checkRequestFidelity(scenario, sent({ tools: [extract!, lookup!, search] }), 0).map((f) => f.message))
      .toMatchInlineSnapshot(`
      [
        "step 1 was sent tool "web_search", which the scenario does not declare",
      ]
    `)
  })

  it('reports a missing, retyped or rewritten response_format, and a change of strict', () => {
    const messages = (change: Partial<ChatRequest>) =>
      checkRequestFidelity(scenario, sent(change), 2).map((f) => f.message)
    expect(messages({ response_format: undefined })).toMatchInlineSnapshot(`
      [
        "step 3 was sent no \`response_format\` although the scenario declares one",
      ]
    `)
    expect(messages({ response_format: { type: 'json_object' } })).toMatchInlineSnapshot(`
      [
        "step 3 was sent a \`response_format\` of type "json_object" although the scenario declares "json_schema"",
      ]
    `)
    const loose = { ...invoiceSchema, additionalProperties: true }
    expect(messages({ response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: loose } } }))
      .toMatchInlineSnapshot(`
      [
        "step 3 was sent a different \`response_format\` schema than the scenario declares (first difference at $.additionalProperties)",
        "step 3 was sent \`strict: false\` although the scenario sets \`strict: true\`",
      ]
    `)
  })

  it('reports a changed tool_choice, counting an absent one as the router default', () => {
    expect(checkRequestFidelity(scenario, sent({ tool_choice: undefined }), 0)).toEqual([])
    expect(checkRequestFidelity(scenario, sent({ tool_choice: 'required' }), 0)).toMatchInlineSnapshot(`
      [
        {
          "check": "request-fidelity",
          "message": "step 1 was sent \`tool_choice\` "required" although the scenario declares "auto"",
          "path": "request.tool_choice",
        },
      ]
    `)
  })

  it('reports dropped or changed messages, treating text parts as the same text', () => {
    expect(checkRequestFidelity(scenario, sent({ messages: scenario.messages.slice(1) }), 0).map((f) => f.message))
      .toMatchInlineSnapshot(`
      [
        "step 1 was sent 1 of the scenario's 2 messages",
      ]
    `)
    const parts = scenario.messages.map((m) => ({ ...m, content: [{ type: 'text', text: String(m.content) }] }))
    expect(checkRequestFidelity(scenario, sent({ messages: parts }), 0)).toEqual([])
    const edited = [scenario.messages[0]!, { role: 'user' as const, content: 'Something else.' }]
    expect(checkRequestFidelity(scenario, sent({ messages: edited }), 0).map((f) => f.message)).toMatchInlineSnapshot(`
      [
        "step 1 was sent a message 2 (user) that differs from the scenario's",
      ]
    `)
  })

  it('reports a body that is not JSON', () => {
    expect(checkRequestFidelity(scenario, null, 0)).toMatchInlineSnapshot(`
      [
        {
          "check": "request-fidelity",
          "message": "step 1 was sent a body that is not a JSON object",
          "path": "request",
        },
      ]
    `)
  })
})
