import { describe, expect, it } from 'vitest'
import { runScenarios } from '../../src/runner/run-scenarios.js'
import { InputError } from '../../src/errors.js'
import { scenarioJson, tempProject } from '../../src/adapters/load/__fixtures__/temp-project.js'
import { REPO_ROOT } from '../helpers/run-cli.js'

const NEVER_ROUTED =
  'the client never called the router: it returned a result without sending a request, so this case tested no step of the cascade'

describe('a client that never calls the router', () => {
  it('fails every case where a step should serve, for a function and for an exec command', async () => {
    const report = await runScenarios({ cwd: REPO_ROOT, paths: ['test/fixtures/clients/constant-clients.scenario.ts'] })
    expect(report.passed).toBe(false)
    for (const scenario of report.scenarios) {
      for (const id of ['clean', 'rate_limit@0']) {
        const found = scenario.cases.find((c) => c.id === id)!
        expect(found.verdict, `${scenario.name} ${id}`).toBe('fail')
        expect(found.requests).toBe(0)
        expect(found.failures.map((f) => f.message)).toContain(NEVER_ROUTED)
      }
    }
  })

  it('refuses a selection that leaves no case (an exclude of everything) as bad input, not a pass', async () => {
    const dir = tempProject({
      'scenarios/a.scenario.json': scenarioJson('a', {
        faults: { include: ['rate_limit'], exclude: ['rate_limit', 'clean'] },
      }),
    })
    const error = await runScenarios({ cwd: dir }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InputError)
    expect((error as Error).message).toBe(
      'scenarios/a.scenario.json: faults: the selection (include ["rate_limit"], exclude ["rate_limit","clean"]) leaves no case to run, so the scenario would pass having tested nothing. Fix: include at least one case of the matrix (`cascade-harness run` lists them), or remove the scenario.',
    )
  })
})
