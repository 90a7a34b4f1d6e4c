/** Cassettes: the canonical request key, the file model, replay lookup and staleness. Pure. */
export { ROUTING_FIELDS, canonicalRequest, canonicalJson, requestHash, changedPaths, type HashFn, type CanonicalValue } from './canonical.js'
export { cassetteSchema, type Cassette } from './schema.js'
export {
  createCassette,
  recordingOrigin,
  createCassetteLookup,
  cassetteStatus,
  type LoadedCassette,
  type NewCassette,
  type CassetteState,
  type StepCassetteStatus,
} from './cassette.js'
export { buildStepRequest, safeSegment, cassetteFileName, CASSETTE_FILE_PATTERN } from './steps.js'
export { DEFAULT_COMPLETION_BUDGET, estimatePromptTokens, estimateStepCost, estimateRecordingCost, formatUsd, type CostEstimate, type StepCostEstimate } from './cost.js'
export { parseRetryAfter, retryDelay } from './retry-after.js'
