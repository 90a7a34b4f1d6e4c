/** Numbers and keys that would slip past a check silently are refused at load, with a sentence. */
import { describe, expect, test } from 'vitest'
import { loadScenarios } from './load-scenarios.js'
import { loadConfig } from './load-config.js'
import { scenarioJson, sentencesOf, tempProject } from './__fixtures__/temp-project.js'

describe('limits at load', () => {
  test('a deadlineMs of 2^31 or more (a timer that would fire after 1 ms) is refused in a scenario and in the config', async () => {
    const dir = tempProject({
      'a.scenario.json': scenarioJson('a', { deadlineMs: 2 ** 31 }),
      'cascade.config.json': JSON.stringify({ deadlineMs: 2 ** 40 }),
    })
    expect(await sentencesOf(loadScenarios(['a.scenario.json'], { cwd: dir }))).toContain('a.scenario.json: deadlineMs: a deadline is at most 2147483647 ms')
    expect(await sentencesOf(loadConfig({ cwd: dir }))).toContain('deadlineMs: a deadline is at most 2147483647 ms')
  })

  test('a plan key __proto__ (which a plain object would drop, leaving a plan with fewer faults) is refused', async () => {
    const dir = tempProject({ 'a.scenario.json': `{"name":"a","request":{"models":["openai/gpt-4.1-mini"],"messages":[{"role":"user","content":"hi"}]},"faults":[{"name":"p","at":{"__proto__":"rate_limit"}}]}` })
    expect(await sentencesOf(loadScenarios(['a.scenario.json'], { cwd: dir }))).toContain('a.scenario.json: faults[0].at.__proto__: "__proto__" names no step of the cascade')
  })
})
