import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { renderProblem } from '../../errors.js'
import { configSchema } from '../../schema/config.js'
import { scenarioSchema } from '../../schema/scenario.js'
import { parseWithProblems } from './zod-problems.js'

const request = {
  models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini'],
  messages: [{ role: 'user', content: 'hi' }],
}

/** The sentences a user would read for this scenario value. */
function scenarioSentences(value: unknown, prefix: (string | number)[] = []): string {
  const result = parseWithProblems(scenarioSchema, value, {
    file: 'scenarios/a.scenario.ts',
    subject: 'scenario',
    prefix,
  })
  return result.success ? 'valid' : result.problems.map(renderProblem).join('\n')
}

describe('scenario sentences', () => {
  test('a valid scenario has no problem', () => {
    expect(scenarioSentences({ name: 'a', request })).toBe('valid')
  })

  test('a wrong type names what was expected, what came and how to write it', () => {
    expect(
      scenarioSentences({ name: 'a', request: { ...request, models: ['a/b', 'c/d', 'e/f', 3] } }),
    ).toMatchInlineSnapshot(
      `"scenarios/a.scenario.ts: request.models[3]: expected a string, got a number (3). Fix: write a string (text in quotes)."`,
    )
    expect(scenarioSentences({ name: 'a', request, expect: { maxCostUsd: '0.02' } })).toMatchInlineSnapshot(
      `"scenarios/a.scenario.ts: expect.maxCostUsd: expected a number, got a string ("0.02"). Fix: write 0.02 without quotes."`,
    )
    expect(
      scenarioSentences({ name: 'a', request: { ...request, models: 'openai/gpt-4.1-mini' } }),
    ).toMatchInlineSnapshot(
      `"scenarios/a.scenario.ts: request.models: expected a list, got a string ("openai/gpt-4.1-mini"). Fix: write a list, for example ["openai/gpt-4.1-mini"]."`,
    )
  })

  test('a missing field is named on its parent with what to add', () => {
    expect(scenarioSentences({ request })).toMatchInlineSnapshot(
      `"scenarios/a.scenario.ts: \`name\` is missing. Fix: add \`name\` (a string)."`,
    )
    expect(scenarioSentences({ name: 'a', request: { models: request.models } })).toMatchInlineSnapshot(
      `"scenarios/a.scenario.ts: request: \`messages\` is missing. Fix: add \`messages\` (a list)."`,
    )
  })

  test('an unknown field gets a did-you-mean over the fields the object accepts', () => {
    expect(scenarioSentences({ name: 'a', request, expcet: {} })).toMatchInlineSnapshot(
      `"scenarios/a.scenario.ts: \`expcet\` is not a scenario field (did you mean \`expect\`?). Fix: rename it to \`expect\`."`,
    )
    expect(
      scenarioSentences({ name: 'a', request, faults: { include: ['rate_limit'], exlude: ['downtime'] } }),
    ).toMatchInlineSnapshot(
      `"scenarios/a.scenario.ts: faults: \`exlude\` is not a field of \`faults\` (did you mean \`exclude\`?). Fix: rename it to \`exclude\`."`,
    )
  })

  test('an unknown field with no close match lists the accepted fields', () => {
    expect(scenarioSentences({ name: 'a', request, expect: { budget: 1 } })).toMatchInlineSnapshot(
      `"scenarios/a.scenario.ts: expect: \`budget\` is not a field of \`expect\`. Fix: remove it (the fields are \`result\`, \`maxCostUsd\`, \`maxLatencyMs\`, \`allowRefusal\`)."`,
    )
  })

  test('a misspelt field next to the right one is to be removed, not renamed', () => {
    expect(scenarioSentences({ name: 'a', request, expect: {}, expcet: {} })).toMatchInlineSnapshot(
      `"scenarios/a.scenario.ts: \`expcet\` is not a scenario field. Fix: remove it (the fields are \`name\`, \`description\`, \`request\`, \`client\`, \`expect\`, \`faults\`, \`deadlineMs\`, \`otherHosts\`)."`,
    )
  })

  test('a misspelt fault name uses the fix the schema carries', () => {
    expect(
      scenarioSentences({
        name: 'a',
        request,
        faults: [{ name: 'p', at: { 'google/gemini-2.5-flash': 'rate_limt' } }],
      }),
    ).toMatchInlineSnapshot(
      `"scenarios/a.scenario.ts: faults[0].at["google/gemini-2.5-flash"]: "rate_limt" is not a fault name (did you mean "rate_limit"?). Fix: write "rate_limit"."`,
    )
    expect(scenarioSentences({ name: 'a', request, faults: { exclude: ['tiemout'] } })).toMatchInlineSnapshot(
      `"scenarios/a.scenario.ts: faults.exclude[0]: "tiemout" is neither a fault name nor a case id (did you mean "timeout"?). Fix: write "timeout"."`,
    )
  })

  test('a client that fits no form says which forms are accepted', () => {
    expect(scenarioSentences({ name: 'a', request, client: 42 })).toMatchInlineSnapshot(
      `"scenarios/a.scenario.ts: client: expected "reference", a client function, or { exec: "command" }, got a number (42). Fix: use "reference", a client function, or { exec: "command" }."`,
    )
    expect(scenarioSentences({ name: 'a', request, client: 'refrence' })).toMatchInlineSnapshot(
      `"scenarios/a.scenario.ts: client: expected "reference", a client function, or { exec: "command" }, got a string ("refrence") (did you mean "reference"?). Fix: write "reference"."`,
    )
  })

  test('an object that is almost a union option is judged by that option', () => {
    expect(scenarioSentences({ name: 'a', request, client: { exc: 'python app.py' } })).toMatchInlineSnapshot(`
      "scenarios/a.scenario.ts: client: \`exec\` is missing. Fix: add \`exec\` (a string).
      scenarios/a.scenario.ts: client: \`exc\` is not a field of \`client\` (did you mean \`exec\`?). Fix: rename it to \`exec\`."
    `)
    expect(
      scenarioSentences({ name: 'a', request: { ...request, response_format: { type: 'json_schema' } } }),
    ).toMatchInlineSnapshot(
      `"scenarios/a.scenario.ts: request.response_format: \`json_schema\` is missing. Fix: add \`json_schema\` (an object)."`,
    )
  })

  test('a value outside a union of literals and shapes lists them', () => {
    expect(scenarioSentences({ name: 'a', request: { ...request, tool_choice: 'any' } })).toMatchInlineSnapshot(
      `"scenarios/a.scenario.ts: request.tool_choice: expected "none", "auto", "required" or { type, function }, got a string ("any"). Fix: use "none", "auto", "required" or { type, function }."`,
    )
  })

  test('expect.result must be a Standard Schema validator', () => {
    expect(scenarioSentences({ name: 'a', request, expect: { result: { parse: () => 1 } } })).toMatchInlineSnapshot(
      `"scenarios/a.scenario.ts: expect.result: expected a Standard Schema validator (a zod, valibot or arktype schema), got an object. Fix: use a Standard Schema validator (a zod, valibot or arktype schema)."`,
    )
  })

  test('sizes and bounds say the limit', () => {
    expect(scenarioSentences({ name: '', request: { ...request, messages: [] }, deadlineMs: -5 }))
      .toMatchInlineSnapshot(`
      "scenarios/a.scenario.ts: name: is an empty string. Fix: write a non-empty string.
      scenarios/a.scenario.ts: request.messages: is an empty list. Fix: add at least one item.
      scenarios/a.scenario.ts: deadlineMs: must be greater than 0, got -5. Fix: write a number greater than 0."
    `)
  })

  test('a refinement on the request carries its own fix', () => {
    expect(scenarioSentences({ name: 'a', request: { messages: request.messages } })).toMatchInlineSnapshot(
      `"scenarios/a.scenario.ts: request: the request names no model. Fix: add \`models: [...]\` (the cascade) or \`model\`."`,
    )
  })

  test('the second scenario of a file is prefixed with its index', () => {
    expect(scenarioSentences({ name: 'a', request, deadlineMs: 'soon' }, [1])).toMatchInlineSnapshot(
      `"scenarios/a.scenario.ts: [1].deadlineMs: expected a number, got a string ("soon"). Fix: write a number."`,
    )
  })

  test('a root that is not an object says what to write', () => {
    expect(scenarioSentences('extract-invoice')).toMatchInlineSnapshot(
      `"scenarios/a.scenario.ts: expected an object, got a string ("extract-invoice"). Fix: write an object."`,
    )
  })
})

describe('config sentences', () => {
  const configSentences = (value: unknown) => {
    const result = parseWithProblems(configSchema, value, { file: 'cascade.config.ts', subject: 'config' })
    return result.success ? 'valid' : result.problems.map(renderProblem).join('\n')
  }

  test('enum values get a did-you-mean, and a number where a string is expected gets quotes', () => {
    expect(configSentences({ reporters: ['tabel'], emulator: { unsupportedParameter: 404 } })).toMatchInlineSnapshot(`
      "cascade.config.ts: reporters[0]: "tabel" is not one of "table", "json", "junit", "markdown", or "github" (did you mean "table"?). Fix: write "table".
      cascade.config.ts: emulator.unsupportedParameter: 404 is not one of "404" or "ignore". Fix: write it in quotes: "404"."
    `)
  })

  test('an unknown config field gets a did-you-mean', () => {
    expect(configSentences({ scenarioss: [] })).toMatchInlineSnapshot(
      `"cascade.config.ts: \`scenarioss\` is not a config field (did you mean \`scenarios\`?). Fix: rename it to \`scenarios\`."`,
    )
  })
})

describe('other schemas', () => {
  test('fields are found through records, arrays and optional wrappers', () => {
    const schema = z.strictObject({
      steps: z.record(
        z.string(),
        z.array(z.strictObject({ model: z.string(), weight: z.number().optional() })).optional(),
      ),
    })
    const result = parseWithProblems(
      schema,
      { steps: { a: [{ model: 'x', wieght: 1 }] } },
      { file: 'catalog.json', subject: 'catalog' },
    )
    expect(result.success ? 'valid' : result.problems.map(renderProblem).join('\n')).toMatchInlineSnapshot(
      `"catalog.json: steps.a[0]: \`wieght\` is not a field of \`steps.a[0]\` (did you mean \`weight\`?). Fix: rename it to \`weight\`."`,
    )
  })

  test('whole numbers, string lengths and list bounds', () => {
    const schema = z.object({
      n: z.number().int().max(10),
      s: z.string().max(3),
      l: z.array(z.string()).max(1),
      b: z.boolean(),
    })
    const result = parseWithProblems(
      schema,
      { n: 12.5, s: 'abcd', l: ['a', 'b'], b: 'true' },
      { file: 'x.json', subject: 'thing' },
    )
    expect(result.success ? 'valid' : result.problems.map(renderProblem).join('\n')).toMatchInlineSnapshot(`
      "x.json: n: expected a whole number, got a number (12.5). Fix: write a whole number (no decimals).
      x.json: s: "abcd" is too long, expected at most 3 characters. Fix: write at most 3 characters.
      x.json: l: has 2 items, expected at most 1 item. Fix: remove items to keep at most 1 item.
      x.json: b: expected true or false, got a string ("true"). Fix: write true without quotes."
    `)
  })
})
