import { FAULTS, getFault, type FaultDefinition } from '../faults.js'
import type { ChatRequest, Plan } from '../types.js'

export interface MatrixInput {
  request: ChatRequest
  steps: readonly string[]
  /** False for a step the router would skip by itself (a natural fault: a missing parameter, a context overflow). */
  canServe: (step: number) => boolean
  include?: readonly string[]
  exclude?: readonly string[]
  /** False when a step cannot raise a fault at all (moderation on a model that is not moderated). Default: any. */
  canRaise?: (fault: FaultDefinition, step: number) => boolean
}

/** The fault that fills the steps before a quirk's step and every step of `every_step_fails`. */
const FILLER_FAULT = 'rate_limit'

/**
 * The default matrix of design.md section 5, in a stable order:
 * 1. `clean`: no fault;
 * 2. for each fault the router falls back on, steps 0..k-1 fail with it (k = 1..n-1);
 * 3. each fault that ends the request, at step 0;
 * 4. `every_step_fails`;
 * 5. each transport fault;
 * 6. each answer quirk at each step (earlier steps rate-limited).
 * A fault whose `needs` the request lacks (a quirk of tool calls in a request without tools) is left out.
 */
export function generateMatrix(input: MatrixInput): Plan[] {
  const { steps } = input
  const applies = (fault: FaultDefinition) => isSelected(fault.name, input) && requestHas(input.request, fault.needs)
  const expectAfter = (firstFree: number) => expectedServer(input, firstFree)
  const plans: Plan[] = [{ id: 'clean', title: 'no fault injected', at: {}, expect: { servedBy: expectAfter(0) }, layer: 'none' }]

  for (const fault of FAULTS.filter((f) => f.layer === 'router' && f.fallsBack && applies(f))) {
    for (let k = 1; k < steps.length; k++) {
      // Every failing step must be able to raise the fault; a later k would need the same steps and more.
      if (input.canRaise && !input.canRaise(fault, k - 1)) break
      plans.push({
        id: `${fault.name}@${k === 1 ? '0' : `0-${k - 1}`}`,
        title: `${fault.description} at ${k === 1 ? 'step 1' : `steps 1-${k}`}`,
        at: failSteps(k, fault.name),
        expect: { servedBy: expectAfter(k) },
        layer: 'router',
      })
    }
  }
  for (const fault of FAULTS.filter((f) => f.layer === 'router' && !f.fallsBack && applies(f))) {
    plans.push({ id: `${fault.name}@0`, title: `${fault.description} at step 1`, at: { '0': fault.name }, expect: { servedBy: null }, layer: 'router' })
  }
  // `every_step_fails` rides on its filler fault's selection: include or exclude rate_limit to steer it.
  if (isSelected(FILLER_FAULT, input)) {
    plans.push({ id: 'every_step_fails', title: 'every step is rate-limited', at: failSteps(steps.length, FILLER_FAULT), expect: { servedBy: null }, layer: 'router' })
  }
  for (const fault of FAULTS.filter((f) => f.layer === 'transport' && applies(f))) {
    plans.push({ id: fault.name, title: fault.description, at: { '0': fault.name }, expect: { servedBy: null }, layer: 'transport' })
  }
  for (const fault of FAULTS.filter((f) => f.layer === 'answer' && applies(f))) {
    for (let k = 0; k < steps.length; k++) {
      if (!input.canServe(k)) continue // the router never reaches a quirk at a step it skips
      plans.push({
        id: `${fault.name}@${k}`,
        title: `${fault.description}, served by step ${k + 1}`,
        at: { ...failSteps(k, FILLER_FAULT), [String(k)]: fault.name },
        expect: { servedBy: steps[k] ?? null },
        layer: 'answer',
      })
    }
  }
  return plans
}

function failSteps(count: number, fault: string): Record<string, string> {
  const at: Record<string, string> = {}
  for (let i = 0; i < count; i++) at[String(i)] = fault
  return at
}

function expectedServer(input: MatrixInput, firstFree: number): string | null {
  for (let k = firstFree; k < input.steps.length; k++) if (input.canServe(k)) return input.steps[k] ?? null
  return null
}

function isSelected(name: string, input: MatrixInput): boolean {
  if (input.exclude?.includes(name)) return false
  return input.include === undefined || input.include.length === 0 || input.include.includes(name)
}

function requestHas(request: ChatRequest, need: FaultDefinition['needs']): boolean {
  switch (need) {
    case undefined:
      return true
    case 'response_format':
      return request.response_format?.type === 'json_schema' || request.response_format?.type === 'json_object'
    case 'tools':
      return (request.tools?.length ?? 0) > 0 && request.tool_choice !== 'none'
    case 'stream':
      return request.stream === true
  }
}

/** Whether a plan puts an answer quirk at the step that serves (then a surfaced error is a pass too). */
export function quirkAtServedStep(plan: Plan, servedStep: number | null, steps: readonly string[]): boolean {
  if (servedStep === null) return false
  const keys = [String(servedStep), steps[servedStep] ?? '']
  return keys.some((key) => {
    const value = plan.at[key]
    const names = value === undefined ? [] : Array.isArray(value) ? value : [value]
    return names.some((name) => getFault(name)?.layer === 'answer')
  })
}
