export { serveEmulator, isConnectionReset, errorResponse, type ServeHandler, type ServeEmulatorOptions, type EmulatorServer } from './serve-emulator.js'
export { selectPlan, resolvePlan, parsePlan, planStepProblem, NO_FAULTS, PLAN_HEADER, SESSION_HEADER, PLAN_PATH_PREFIX, type PlanSelection, type SelectionResult, type PlanResult } from './plan-selection.js'
export { createEmulatorHandler, caseSeed, type EmulatorHandlerOptions } from './emulator-handler.js'
export { matrixForRequest, stepChecks, type StepChecks } from '../../core/plan/request-matrix.js'
