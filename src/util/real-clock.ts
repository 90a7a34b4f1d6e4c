import { setTimeout as sleep } from 'node:timers/promises'
import type { Clock } from '../core/emulator/timeline.js'

/**
 * The emulator's real time (core/emulator/timeline.ts): a timer that resolves early, without error,
 * when the signal aborts, so a wait never outlives the client that waits or the case it belongs to.
 */
export const realClock: Clock = {
  sleep: (ms, signal) => (signal.aborted ? Promise.resolve() : sleep(ms, undefined, { signal }).catch(() => undefined)),
}
