import { z } from 'zod'

/**
 * Limits the harness enforces on what it is given, each with the reason it exists. A value past one
 * is refused with a sentence; it is never clamped or cut silently.
 */

/** Node's setTimeout holds a signed 32-bit delay: anything larger fires after 1 ms, with a warning. */
export const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * The largest body the harness reads from an upstream router (`record`, `catalog pull`): real answers
 * and model lists are well under a megabyte; an unbounded read of a runaway body takes gigabytes.
 */
export const MAX_UPSTREAM_BODY_BYTES = 32 * 1024 * 1024

/**
 * The deepest JSON the harness accepts from outside (an upstream answer, a schema): canonical JSON,
 * redaction and schema walks recurse, and real documents nest a few dozen levels at most.
 */
export const MAX_JSON_DEPTH = 512

/** A case deadline: a whole number of milliseconds a timer can hold. */
export const deadlineMsSchema = z
  .number()
  .int()
  .positive()
  .refine((ms) => ms <= MAX_TIMER_MS, {
    message: `a deadline is at most ${MAX_TIMER_MS} ms (about 24.8 days): Node's timers fire after 1 ms beyond it`,
    params: { fix: `write a number of milliseconds up to ${MAX_TIMER_MS}, such as 30000` },
  })
