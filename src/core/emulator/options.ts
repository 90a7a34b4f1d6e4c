import { DEFAULT_TIMING } from './timeline.js'

/**
 * The emulator's switches when nothing sets them: the one definition, which the config schema's
 * `emulator` defaults (schema/config.ts) and every setup that passes no options read. Each switch is
 * explained where the config declares it. Untyped here (the config's type is inferred from the schema
 * that reads these values); every use as `EmulatorOptions` checks the shape.
 */
export const DEFAULT_EMULATOR_OPTIONS = {
  unsupportedParameter: 'ignore',
  modelCountsTowardLimit: false,
  availabilityObject: true,
  contextMessageTail: 'context-compression',
  noCreditsMessage: 'can-only-afford',
  retryAfter: 'sent',
  streamErrorBeforeFirstToken: 'empty-choices',
  providerFilters: 'enforce',
  timing: DEFAULT_TIMING,
} as const
