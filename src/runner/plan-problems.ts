import { cascadeOf } from '../core/cascade.js'
import { didYouMean } from '../core/did-you-mean.js'
import { generateMatrix } from '../core/plan/matrix.js'
import { listSteps, unknownStepKeys } from '../core/plan/plan-keys.js'
import { stepChecks } from '../core/plan/request-matrix.js'
import type { Catalog } from '../core/types.js'
import type { LoadedScenario } from '../adapters/load/load-scenarios.js'
import type { InputProblem } from '../errors.js'
import type { Config } from '../schema/config.js'
import type { PlanInput } from '../schema/scenario.js'

/** Every problem of a scenario's plans, found before any case runs: bad input should cost no run time. */
export function planProblems(loaded: LoadedScenario, catalog: Catalog, config: Config): InputProblem[] {
  return [...handWrittenPlanProblems(loaded), ...selectorProblems(loaded, catalog, config)]
}

/**
 * A case id in `faults.include`/`exclude` that this scenario's matrix never generates (`refusal@9` on a
 * three-step cascade) would select nothing, silently: bad input, with the closest id the matrix has.
 */
function selectorProblems(loaded: LoadedScenario, catalog: Catalog, config: Config): InputProblem[] {
  const faults = loaded.scenario.faults
  if (faults === 'matrix' || Array.isArray(faults)) return []
  const steps = cascadeOf(loaded.scenario.request)
  const checks = stepChecks(loaded.scenario.request, steps, catalog, config.emulator)
  const ids = generateMatrix({ request: loaded.scenario.request, steps, ...checks }).map((p) => p.id)
  const problems: InputProblem[] = []
  // A selection that leaves nothing to run would pass the gate having tested nothing.
  const selected =
    generateMatrix({
      request: loaded.scenario.request,
      steps,
      ...checks,
      include: faults.include,
      exclude: faults.exclude,
    }).length + (faults.plans?.length ?? 0)
  if (selected === 0) {
    problems.push({
      file: loaded.file,
      path: 'faults',
      problem: `the selection (${[faults.include ? `include ${JSON.stringify(faults.include)}` : '', faults.exclude ? `exclude ${JSON.stringify(faults.exclude)}` : ''].filter(Boolean).join(', ') || 'no case'}) leaves no case to run, so the scenario would pass having tested nothing`,
      fix: 'include at least one case of the matrix (`cascade-harness run` lists them), or remove the scenario',
    })
  }
  for (const list of ['include', 'exclude'] as const) {
    ;(faults[list] ?? []).forEach((entry, index) => {
      // A bare fault name selects all its cases (possibly none for this request); a case id must exist.
      if (!entry.includes('@') || ids.includes(entry)) return
      const guess = didYouMean(entry, ids)
      problems.push({
        file: loaded.file,
        path: `faults.${list}[${index}]`,
        problem: `"${entry}" is not a case of this scenario's matrix${guess ? ` (did you mean "${guess}"?)` : ''}`,
        fix: guess
          ? `write "${guess}"`
          : 'use a case id that `cascade-harness run` prints for this scenario, or a fault name',
      })
    })
  }
  return problems
}

/**
 * A hand-written plan whose key names no step of the cascade would test nothing and pass: that is
 * bad input, as are two plans with one name (their cases could not be told apart in a report).
 */
function handWrittenPlanProblems(loaded: LoadedScenario): InputProblem[] {
  const faults = loaded.scenario.faults
  const plans: readonly PlanInput[] = Array.isArray(faults) ? faults : faults === 'matrix' ? [] : (faults.plans ?? [])
  const steps = cascadeOf(loaded.scenario.request)
  const problems: InputProblem[] = []
  const seen = new Set<string>()
  const faultsPath = Array.isArray(loaded.scenario.faults) ? 'faults' : 'faults.plans'
  plans.forEach((plan, index) => {
    if (seen.has(plan.name)) {
      problems.push({
        file: loaded.file,
        path: `${faultsPath}[${index}].name`,
        problem: `two plans are named "${plan.name}"`,
        fix: 'give each plan its own name',
      })
    }
    seen.add(plan.name)
    const servedBy = plan.expect?.servedBy
    if (typeof servedBy === 'string' && !steps.includes(servedBy)) {
      const guess = didYouMean(servedBy, steps)
      problems.push({
        file: loaded.file,
        path: `${faultsPath}[${index}].expect.servedBy`,
        problem: `"${servedBy}" is not a step of the cascade (${steps.join(', ')})${guess ? ` (did you mean "${guess}"?)` : ''}`,
        fix: guess ? `write "${guess}"` : 'name a model of the cascade, or null when no step should serve',
      })
    }
    for (const unknown of unknownStepKeys(Object.keys(plan.at), steps)) {
      problems.push({
        file: loaded.file,
        path: `${faultsPath}[${index}].at[${JSON.stringify(unknown.key)}]`,
        problem: `"${unknown.step}" names no step of the cascade (${listSteps(steps)})${unknown.suggestion ? ` (did you mean "${unknown.suggestion}"?)` : ''}`,
        fix: unknown.suggestion
          ? `write "${unknown.suggestion}"`
          : 'use a model id from the cascade, or a step index from 0',
      })
    }
  })
  return problems
}
