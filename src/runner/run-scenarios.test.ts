import { afterEach, describe, expect, it } from 'vitest'
import { runScenarios } from './run-scenarios.js'
import { scenarioJson, tempProject } from '../adapters/load/__fixtures__/temp-project.js'

/** What the user modules below saw as the global fetch when their top-level code ran. */
const SEEN = Symbol.for('cascade-harness.test.fetch-at-import')
type Seen = { [SEEN]?: Record<string, typeof fetch> }
/** Top-level code of a user module: notes the global fetch it meets under this name. */
const noteFetch = (name: string) =>
  `globalThis[Symbol.for('cascade-harness.test.fetch-at-import')] ??= {}\nglobalThis[Symbol.for('cascade-harness.test.fetch-at-import')][${JSON.stringify(name)}] = globalThis.fetch\n`

afterEach(() => {
  delete (globalThis as Seen)[SEEN]
})

describe('the interception of a run, and when it starts', () => {
  it('is in place before a JavaScript config and scenario module run their top-level code, and gone after the run', async () => {
    const original = globalThis.fetch
    const cwd = tempProject({
      'cascade.config.mjs': `${noteFetch('config')}export default { scenarios: ['scenarios/'] }\n`,
      'scenarios/hello.scenario.mjs': `${noteFetch('scenario')}export default ${scenarioJson('hello', { faults: { include: ['clean'] } })}\n`,
    })
    const report = await runScenarios({ cwd })
    expect(report.scenarios.map((s) => s.cases.map((c) => c.id))).toEqual([['clean']])
    const seen = (globalThis as Seen)[SEEN]
    expect(seen?.config).toBeTypeOf('function')
    expect(seen?.config).not.toBe(original)
    expect(seen?.scenario).toBe(seen?.config)
    // The host process (this test file) gets its own fetch back.
    expect(globalThis.fetch).toBe(original)
  })

  it('leaves the process alone for JSON scenarios with the reference client, which import no user code', async () => {
    const original = globalThis.fetch
    const cwd = tempProject({
      'scenarios/hello.scenario.json': scenarioJson('hello', { faults: { include: ['clean'] } }),
    })
    const fetchDuringRun: (typeof fetch)[] = []
    const report = await runScenarios({
      cwd,
      onProgress: () => void fetchDuringRun.push(globalThis.fetch),
    })
    expect(report.scenarios[0]?.cases.map((c) => [c.id, c.verdict])).toEqual([['clean', 'pass']])
    expect(fetchDuringRun.length).toBeGreaterThan(0)
    expect(new Set(fetchDuringRun)).toEqual(new Set([original]))
  })
})
