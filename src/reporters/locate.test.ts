import { describe, expect, it } from 'vitest'
import { locateField, parseFieldPath } from './locate.js'

const at = (text: string, file: string, path: string, value?: string, scenario = 'invoice') =>
  locateField(text, file, scenario, parseFieldPath(path, value))

const YAML = `# a comment
name: invoice
request:
  models:
    - google/gemini-2.5-flash
    - openai/gpt-4.1-mini
  provider:
    order: [anthropic]
  tools:
    - type: function
faults:
  plans:
    - name: first-down
      at: { google/gemini-2.5-flash: downtime }
`

describe('locateField', () => {
  it('finds a key, a list entry by index or by value, and a plan by name in YAML', () => {
    expect(at(YAML, 'a.scenario.yaml', 'request.provider.order')).toBe(8)
    expect(at(YAML, 'a.scenario.yaml', 'request.models[1]')).toBe(6)
    expect(at(YAML, 'a.scenario.yaml', 'request.models', 'openai/gpt-4.1-mini')).toBe(6)
    expect(at(YAML, 'a.scenario.yaml', 'faults', 'first-down')).toBe(13)
  })

  it('falls back to the nearest enclosing field a finding is about the absence of', () => {
    expect(at(YAML, 'a.scenario.yaml', 'request.provider.require_parameters')).toBe(7)
    expect(at(YAML, 'a.scenario.yaml', 'request.response_format')).toBe(3)
  })

  it('finds the scenario by name in a JSON list of scenarios', () => {
    const json = JSON.stringify(
      [
        { name: 'other', request: { models: ['a/x'] } },
        { name: 'invoice', request: { models: ['a/x', 'b/y'] } },
      ],
      null,
      2,
    )
    const lines = json.split('\n')
    const expected =
      lines.findIndex((l, i) => l.includes('"b/y"') && i > lines.findIndex((m) => m.includes('"invoice"'))) + 1
    expect(at(json, 'all.scenario.json', 'request.models[1]')).toBe(expected)
  })

  it('searches a TypeScript scenario as text: keys after the scenario name, a model by its quoted id, shorthand properties', () => {
    const ts = [
      "import { defineScenario } from 'cascade-harness'",
      "import { tools } from './defs.js'",
      'export default [',
      "  defineScenario({ name: 'other', request: { models: ['openai/gpt-4.1-mini'], tools } }),",
      '  defineScenario({',
      "    name: 'invoice',",
      '    request: {',
      "      models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini'],",
      '      tools,',
      "      'response_format': { type: 'json_object' },",
      '    },',
      '  }),',
      ']',
    ].join('\n')
    expect(at(ts, 'a.scenario.ts', 'request.models', 'openai/gpt-4.1-mini')).toBe(8)
    expect(at(ts, 'a.scenario.ts', 'request.tools')).toBe(9)
    expect(at(ts, 'a.scenario.ts', 'request.response_format')).toBe(10)
    expect(at(ts, 'a.scenario.ts', 'request.provider.require_parameters')).toBe(7)
    expect(at(ts, 'a.scenario.ts', 'request.models[1]')).toBe(8)
    expect(at(ts, 'a.scenario.ts', 'request', undefined, 'missing')).toBe(4)
  })

  it('parses report paths, quoted keys included', () => {
    expect(parseFieldPath('faults.plans[0].at["openai/gpt-4o"]')).toEqual(['faults', 'plans', 0, 'at', 'openai/gpt-4o'])
    expect(parseFieldPath('$.choices[0]')).toEqual(['choices', 0])
    expect(parseFieldPath('request.models', 'a/b')).toEqual(['request', 'models', { value: 'a/b' }])
  })
})
