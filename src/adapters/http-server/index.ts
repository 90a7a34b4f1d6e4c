export {
  serveEmulator,
  isConnectionReset,
  errorResponse,
  type ServeHandler,
  type EmulatorServer,
} from './serve-emulator.js'
export { selectPlan, type PlanSelection } from './plan-selection.js'
export { createEmulatorHandler } from './emulator-handler.js'
export { matrixForRequest } from '../../core/plan/request-matrix.js'
