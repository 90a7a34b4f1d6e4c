import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createEmulatorHandler,
  matrixForRequest,
  selectPlan,
  type PlanSelection,
} from '../../src/adapters/http-server/index.js'
import { BUILTIN_CATALOG } from '../../src/core/catalog/builtin.js'
import { createEmulator, DEFAULT_EMULATOR_OPTIONS } from '../../src/core/emulator/index.js'
import type { Emulator, EmulatorSetup } from '../../src/core/emulator/types.js'
import type { ChatRequest, Plan } from '../../src/core/types.js'
import { runScenarios } from '../../src/runner/run-scenarios.js'

/**
 * The serve handler called directly (no socket), with the emulator factory wrapped so a test can see
 * the plan each case was built with and what happened at each step.
 */
function handler() {
  const built: Array<{ plan: Plan; emulator: Emulator }> = []
  const handle = createEmulatorHandler({
    catalog: BUILTIN_CATALOG,
    seed: 1,
    createEmulator: (setup: EmulatorSetup) => {
      const emulator = createEmulator(setup)
      built.push({ plan: setup.plan, emulator })
      return emulator
    },
  })
  async function send(plan: string | null, body: Record<string, unknown>, signal?: AbortSignal): Promise<Response> {
    const headers = new Headers({ authorization: 'Bearer test', 'content-type': 'application/json' })
    if (plan !== null) headers.set('x-cascade-plan', plan)
    const selected = selectPlan('/api/v1/chat/completions', headers)
    if (!selected.ok) throw new Error(selected.message)
    const request = new Request('http://127.0.0.1/api/v1/chat/completions', {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    })
    return handle(request, selected.selection satisfies PlanSelection)
  }
  const last = () => built.at(-1)!
  return { send, built, last }
}

const THREE = ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini', 'anthropic/claude-haiku-4.5']
const SCHEMA = {
  type: 'json_schema',
  json_schema: {
    name: 'greeting',
    strict: true,
    schema: {
      type: 'object',
      properties: { text: { type: 'string' } },
      required: ['text'],
      additionalProperties: false,
    },
  },
} as const
const body = (extra: Record<string, unknown> = {}) => ({
  models: THREE,
  messages: [{ role: 'user', content: 'Say hi' }],
  ...extra,
})

describe('serve: case ids of the fault matrix as plans', () => {
  it('rate_limit@0-1 on a 3-step cascade rate-limits steps 1 and 2, and step 3 serves', async () => {
    const { send, last } = handler()
    const response = await send('rate_limit@0-1', body())
    expect(response.status).toBe(200)
    expect(((await response.json()) as { model: string }).model).toBe('anthropic/claude-haiku-4.5')
    const attempts = last().emulator.traces[0]!.attempts
    expect(attempts.map((a) => [a.step, a.fault, a.status])).toEqual([
      [0, 'rate_limit', 429],
      [1, 'rate_limit', 429],
      [2, null, 200],
    ])
  })

  it('every_step_fails rate-limits every step and answers the last step’s error', async () => {
    const { send, last } = handler()
    const response = await send('every_step_fails', body())
    expect(response.status).toBe(429)
    const error = ((await response.json()) as { error: { code: number; metadata: { provider_name: string } } }).error
    expect(error.code).toBe(429)
    expect(error.metadata.provider_name).toBe('Anthropic')
    expect(last().emulator.traces[0]!.attempts.map((a) => a.fault)).toEqual(['rate_limit', 'rate_limit', 'rate_limit'])
  })

  it('edge_502_html answers the edge’s HTML 502, whatever the client accepts', async () => {
    const { send } = handler()
    const response = await send('edge_502_html', body())
    expect(response.status).toBe(502)
    expect(response.headers.get('content-type')).toBe('text/html')
    expect(await response.text()).toMatch(/^<html>[\s\S]*502 Bad Gateway/)
  })

  it('fenced_json@2 rate-limits the steps before it, as in run, and step 3 serves a fenced answer', async () => {
    const { send, last } = handler()
    const response = await send('fenced_json@2', body({ response_format: SCHEMA }))
    const answer = (await response.json()) as { model: string; choices: Array<{ message: { content: string } }> }
    expect(answer.model).toBe('anthropic/claude-haiku-4.5')
    expect(answer.choices[0]!.message.content).toMatch(/^```/)
    expect(last().plan.at).toEqual({ '0': 'rate_limit', '1': 'rate_limit', '2': 'fenced_json' })
  })

  it('keeps fault@step lists as they were: fenced_json@2 in a list is a quirk at step 2 alone', async () => {
    const { send, last } = handler()
    await send('fenced_json@2,downtime@0', body({ response_format: SCHEMA }))
    expect(last().plan.at).toEqual({ '2': 'fenced_json', '0': 'downtime' })
  })

  it('answers an id the request’s matrix lacks with a 400 naming the closest id, and builds no emulator', async () => {
    const { send, built } = handler()
    const response = await send('every_step_fail', body())
    expect(response.status).toBe(400)
    const { error } = (await response.json()) as { error: { code: number; message: string } }
    expect(error.code).toBe(400)
    expect(error.message).toMatch(
      /^cascade-harness serve: "every_step_fail" is not a case id of this request\. Did you mean "every_step_fails"\? Fix: use a case id `cascade-harness run` prints for this request \(clean, rate_limit@0, rate_limit@0-1, /,
    )
    expect(built).toHaveLength(0)
  })

  it('reads the ids of this request’s own matrix: a quirk that needs response_format is no id without it', async () => {
    const { send } = handler()
    const response = await send('fenced_jsn@0', body())
    const { error } = (await response.json()) as { error: { message: string } }
    expect(response.status).toBe(400)
    expect(error.message).not.toContain('fenced_json@0')
  })

  it('lets the emulator answer a body it refuses, whatever the plan says', async () => {
    const { send } = handler()
    const response = await send('every_step_fail', {
      models: ['nobody/none'],
      messages: [{ role: 'user', content: 'Hi' }],
    })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      'nobody/none is not a valid model ID',
    )
  })
})

describe('serve and run agree on every case id', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'serve-matrix-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('selects, for each case id `run` prints, the faults run injected for that case', async () => {
    // A step that lacks response_format (MythoMax): the matrix plans no JSON quirk there and fills moderation around it.
    const request: ChatRequest = {
      models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini', 'gryphe/mythomax-l2-13b:free'],
      messages: [{ role: 'user', content: 'Say hi' }],
      response_format: SCHEMA,
    }
    // A short deadline: the reference client has no timeout, so the stall case lasts until it.
    await writeFile(path.join(dir, 'greet.scenario.json'), JSON.stringify({ name: 'greet', request, deadlineMs: 1000 }))
    const report = await runScenarios({ cwd: dir, paths: ['greet.scenario.json'] })
    const cases = report.scenarios[0]!.cases
    expect(cases.map((c) => c.id)).toEqual(
      expect.arrayContaining(['clean', 'rate_limit@0-1', 'every_step_fails', 'edge_502_html', 'fenced_json@1']),
    )

    const { send, last } = handler()
    const selected: Array<[string, unknown]> = []
    for (const c of cases) {
      // connection_reset rejects, as fetch would; the client hangs up on a stall after 100 ms.
      await send(c.id, request, AbortSignal.timeout(100)).catch(() => undefined)
      selected.push([c.id, last().plan.at])
    }
    expect(selected).toEqual(cases.map((c) => [c.id, c.plan.at]))
    // And no id more: serve offers exactly the cases run has for this request.
    expect(matrixForRequest(request, BUILTIN_CATALOG, DEFAULT_EMULATOR_OPTIONS).plans.map((p) => p.id)).toEqual(
      cases.map((c) => c.id),
    )
  })
})
