/**
 * The public API of cascade-harness.
 *
 * @example
 * ```ts
 * import { defineScenario } from 'cascade-harness'
 * export default defineScenario({ name: 'extract-invoice', request: { models: [...], messages: [...] } })
 * ```
 */
import type { ScenarioInput } from './schema/scenario.js'
import type { ConfigInput } from './schema/config.js'

/** Identity helper that types a scenario file's default export. */
export function defineScenario<const T extends ScenarioInput>(scenario: T): T {
  return scenario
}

/** Identity helper that types `cascade.config.ts`. */
export function defineConfig<const T extends ConfigInput>(config: T): T {
  return config
}

export type { ScenarioInput, Scenario, ClientContext, ClientFunction, PlanInput } from './schema/scenario.js'
export type { ConfigInput, Config } from './schema/config.js'
export type { Report, ScenarioReport, CaseReport } from './schema/report.js'
export type * from './core/types.js'
export { FAULTS, type FaultDefinition, type FaultName } from './core/faults.js'
export { HarnessError, InputError } from './errors.js'
export { runScenarios, type RunOptions } from './runner/run-scenarios.js'
export { startServe, type StartServeOptions } from './runner/start-serve.js'
export {
  recordScenarios,
  type RecordScenariosOptions,
  type RecordOutcome,
  type RecordingPlan,
} from './runner/record-scenarios.js'
export { createEmulator, type Emulator, type EmulatorSetup } from './core/emulator/index.js'
// What `createEmulator` returns: `handle` and its plain twin `exchange` (no Fetch classes), whose types a caller must be able to name.
export type { DirectEmulator, EmulatorRequest, EmulatorResponse } from './core/emulator/types.js'
export { BUILTIN_CATALOG } from './core/catalog/builtin.js'
export { reportSchema } from './schema/report.js'
