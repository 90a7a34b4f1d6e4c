import { afterEach, expect, it } from 'vitest'
import { runScenarios } from '../../src/runner/run-scenarios.js'
import { PLACEHOLDER_KEY } from '../../src/adapters/process/placeholder-keys.js'
import { REPO_ROOT } from '../helpers/run-cli.js'

const saved = { openrouter: process.env.OPENROUTER_API_KEY, openai: process.env.OPENAI_API_KEY }
afterEach(() => {
  for (const [name, value] of [
    ['OPENROUTER_API_KEY', saved.openrouter],
    ['OPENAI_API_KEY', saved.openai],
  ] as const) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
})

it('user modules and clients see placeholder keys, never the real ones; the environment gets them back after the run', async () => {
  process.env.OPENROUTER_API_KEY = 'sk-or-v1-REALKEY0123456789abcdef'
  process.env.OPENAI_API_KEY = 'sk-proj-REALKEY0123456789abcdef'
  const report = await runScenarios({ cwd: REPO_ROOT, paths: ['test/fixtures/clients/reads-env.scenario.ts'] })
  const cases = report.scenarios[0]!.cases.length
  expect(cases).toBeGreaterThan(0)
  const seen = (globalThis as { __cascadeSeenKeys?: Record<string, string | undefined>[] }).__cascadeSeenKeys
  expect(seen).toEqual([
    { at: 'load', openrouter: PLACEHOLDER_KEY, openai: PLACEHOLDER_KEY },
    ...Array.from({ length: cases }, () => ({ at: 'run', openrouter: PLACEHOLDER_KEY, openai: PLACEHOLDER_KEY })),
  ])
  expect(process.env.OPENROUTER_API_KEY).toBe('sk-or-v1-REALKEY0123456789abcdef')
  expect(process.env.OPENAI_API_KEY).toBe('sk-proj-REALKEY0123456789abcdef')
})
