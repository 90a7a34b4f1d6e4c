import { afterEach, describe, expect, it } from 'vitest'
import { runPrepared, runScenarios, type PreparedScenario } from './run-scenarios.js'
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

describe('the TypeScript loader of a run', () => {
  it('stays registered while cases run: a client may import a TypeScript module when its case starts', async () => {
    const cwd = tempProject({
      'package.json': '{"type":"module"}',
      'src/send.ts': [
        'export async function send(request: unknown, baseUrl: string, signal: AbortSignal): Promise<string> {',
        "  const response = await fetch(`${baseUrl}/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' }, body: JSON.stringify(request), signal })",
        '  const body = (await response.json()) as { choices: Array<{ message: { content: string } }> }',
        '  return body.choices[0]!.message.content',
        '}',
        '',
      ].join('\n'),
      'scenarios/lazy.scenario.ts': [
        'export default {',
        "  name: 'lazy',",
        "  request: { models: ['openai/gpt-4.1-mini'], messages: [{ role: 'user', content: 'hi' }] },",
        "  faults: { include: ['clean'] },",
        '  client: async ({ request, baseUrl, signal }: { request: unknown; baseUrl: string; signal: AbortSignal }) => {',
        "    const { send } = await import('../src/send.js')",
        '    return send(request, baseUrl, signal)',
        '  },',
        '}',
        '',
      ].join('\n'),
    })
    const report = await runScenarios({ cwd })
    const [clean] = report.scenarios[0]!.cases
    expect(clean?.failures).toEqual([])
    expect(clean?.verdict).toBe('pass')
  })
})

describe('the order cases run in', () => {
  it('starts a case that waits on real time first, beside the concurrency pool, and reports every case in matrix order', async () => {
    const cwd = tempProject({
      'cascade.config.json': JSON.stringify({ scenarios: ['scenarios/'], deadlineMs: 600, concurrency: 1 }),
      'scenarios/hello.scenario.json': scenarioJson('hello', {
        faults: { include: ['clean', 'stall', 'rate_limit', 'downtime'] },
      }),
    })
    const finished: string[] = []
    const report = await runScenarios({
      cwd,
      onProgress: (event) => void (event.type === 'case-done' && finished.push(event.case.id)),
    })
    const ids = report.scenarios[0]!.cases.map((c) => c.id)
    expect(ids).toContain('stall@0')
    // The matrix order is kept in the report: the stall case is not moved to the end there.
    expect(ids.at(-1)).not.toBe('stall@0')
    // With one slot, the other cases ran while the stall held its 600 ms, so the stall finished last.
    expect(finished.at(-1)).toBe('stall@0')
    expect(new Set(finished)).toEqual(new Set(ids))
  })
})

describe('scenarios of a run', () => {
  it("start the next scenario while the last one's waiting cases wait, and report in file order", async () => {
    const faults = { include: ['clean', 'stall', 'rate_limit'] }
    const cwd = tempProject({
      'cascade.config.json': JSON.stringify({ scenarios: ['scenarios/'], deadlineMs: 600, concurrency: 1 }),
      'scenarios/a.scenario.json': scenarioJson('a', { faults }),
      'scenarios/b.scenario.json': scenarioJson('b', { faults }),
    })
    const events: string[] = []
    const report = await runScenarios({
      cwd,
      onProgress: (event) => {
        if (event.type === 'scenario-start') events.push(`start ${event.scenario}`)
        if (event.type === 'scenario-done') events.push(`done ${event.report.name}`)
        if (event.type === 'case-done' && event.case.id === 'stall@0') events.push(`stall ${event.scenario}`)
      },
    })
    expect(report.scenarios.map((s) => s.name)).toEqual(['a', 'b'])
    expect(report.scenarios.map((s) => s.cases.length)).toEqual([
      report.scenarios[0]!.cases.length,
      report.scenarios[0]!.cases.length,
    ])
    // b started while a's stall still held its 600 ms; each scenario is reported once all its cases are done.
    expect(events).toEqual(['start a', 'start b', 'stall a', 'done a', 'stall b', 'done b'])
  })
})

describe('an error in a case (our bug, never a client failure)', () => {
  /** A prepared scenario whose one case resolves or throws, noting that it started. */
  function prepared(name: string, started: string[], error?: Error): PreparedScenario {
    return {
      name,
      file: `${name}.scenario.json`,
      dir: '.',
      steps: ['openai/gpt-4.1-mini'],
      lint: [],
      client: 'reference',
      plans: [{ id: 'clean', at: {}, expect: { servedBy: 'openai/gpt-4.1-mini' } }],
      fingerprint: name,
      plannedCases: undefined,
      concurrency: 1,
      deadlineMs: 1000,
      runPlan: async () => {
        started.push(name)
        if (error) throw error
        throw new Error('the test asserts no case of this scenario finishes')
      },
      preparedInMs: 0,
      scenarioClient: 'reference',
      strays: () => 0,
    }
  }

  it('ends the run with that error and starts no later scenario', async () => {
    const started: string[] = []
    const bug = new TypeError('emulator bug')
    const run = runPrepared([prepared('first', started, bug), prepared('second', started)], () => {})
    await expect(run).rejects.toBe(bug)
    expect(started).toEqual(['first'])
  })
})
