/**
 * Setup of the `shared` vitest project, whose files run one after another in the same worker process:
 * each file must leave no interception running. A run left going in the background would answer the
 * next file's fetches with E_REQUEST_OUTSIDE_CASE, or make its "the server is gone" check pass for the
 * wrong reason; this makes the file that leaked it fail instead.
 */
import { afterAll, expect } from 'vitest'

const fetchAtStart = globalThis.fetch

afterAll(() => {
  const running = (globalThis as Record<symbol, unknown>)[Symbol.for('cascade-harness.interception')]
  expect(running, 'this file left an interception running; stop every run it starts').toBeUndefined()
  expect(globalThis.fetch === fetchAtStart, 'this file left globalThis.fetch replaced').toBe(true)
})
