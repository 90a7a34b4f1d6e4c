export { serveEmulator, isConnectionReset, errorResponse, type ServeHandler, type ServeEmulatorOptions, type EmulatorServer } from './serve-emulator.js'
export { selectPlan, parsePlan, NO_FAULTS, PLAN_HEADER, SESSION_HEADER, PLAN_PATH_PREFIX, type PlanSelection, type SelectionResult } from './plan-selection.js'
export { createEmulatorHandler, type EmulatorHandlerOptions } from './emulator-handler.js'
