import { generateMatrix } from '../core/plan/matrix.js'
import type { StepChecks } from '../core/plan/request-matrix.js'
import type { Plan } from '../core/types.js'
import type { LoadedScenario } from '../adapters/load/load-scenarios.js'
import { expectedServedBy } from './expected-server.js'
import { appSchemaOf } from './app-schema.js'
import { hasContractGap } from '../core/answers/app-schema.js'

/**
 * A scenario's cases: the generated matrix (filtered by include/exclude) then its hand-written plans;
 * `handWritten` names the plans whose `expect.servedBy` the judge enforces as written.
 */
export function plansFor(
  loaded: LoadedScenario,
  steps: string[],
  facts: StepChecks,
): { plans: Plan[]; handWritten: Set<string> } {
  const { scenario } = loaded
  const faults = scenario.faults
  const handPlans = Array.isArray(faults) ? faults : faults === 'matrix' ? [] : (faults.plans ?? [])
  const written: Plan[] = handPlans.map((p) => ({
    id: p.name,
    title: 'hand-written plan',
    at: p.at,
    expect: {
      servedBy: p.expect?.servedBy !== undefined ? p.expect.servedBy : expectedServedBy(p.at, steps, facts.canServe),
    },
  }))
  const matrix = Array.isArray(faults)
    ? []
    : generateMatrix({
        request: scenario.request,
        steps,
        ...facts,
        contractGap: hasContractGap(scenario.request, appSchemaOf(scenario)),
        include: faults === 'matrix' ? undefined : faults.include,
        exclude: faults === 'matrix' ? undefined : faults.exclude,
      })
  return {
    plans: [...matrix, ...written],
    handWritten: new Set(handPlans.filter((p) => p.expect?.servedBy !== undefined).map((p) => p.name)),
  }
}
