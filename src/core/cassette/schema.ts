import { z } from 'zod'

/**
 * A cassette file: one answer for one (canonical step request, model) pair, real unless `synthetic`.
 *
 * `request` is the canonical request the hash was computed from, kept so that a stale cassette can
 * say what changed and so a reviewer can read what was sent. No headers are stored, request or
 * response: the API key travels in `Authorization` and nothing else needs them.
 */
export const cassetteSchema = z.looseObject({
  version: z.literal(1),
  /** The scenario's `name`. */
  scenario: z.string().min(1),
  /** Index of the step in the cascade when recorded (`[model, ...models]`, each model once). */
  step: z.number().int().nonnegative(),
  /** The catalog id the step requested (not the dated slug an answer may name). */
  model: z.string().min(1),
  /** SHA-256 hex of the canonical request (core/cassette/canonical.ts). */
  requestHash: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits (SHA-256)'),
  request: z.record(z.string(), z.unknown()),
  response: z.looseObject({
    status: z.number().int().min(100).max(599),
    /** Parsed JSON, or the raw text when the answer was not JSON (an HTML 502 page). */
    body: z.unknown(),
    /** The answer's Content-Type, when it was not JSON. */
    contentType: z.string().optional(),
  }),
  /** Wall-clock milliseconds from sending the request to the end of the body. */
  latencyMs: z.number().nonnegative(),
  /** ISO 8601. */
  recordedAt: z.string().min(1),
  harness: z.looseObject({ version: z.string() }),
  /**
   * True when an emulator answered the recording (`record --base-url` pointed at `cascade-harness
   * serve`, which says so in the `x-cascade-answer-source` header), not a real model: the cassette
   * proves the plumbing only. Absent (old cassettes, the real router): a real answer.
   */
  synthetic: z.boolean().optional(),
  /**
   * The origin of the base URL it was recorded from (`https://openrouter.ai`,
   * `http://127.0.0.1:8787`): scheme, host and port only, never credentials, a path or a query.
   * Absent in cassettes recorded before it was kept.
   */
  recordedFrom: z.string().min(1).optional(),
})

export type Cassette = z.output<typeof cassetteSchema>
