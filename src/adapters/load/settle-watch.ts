/**
 * A module whose top-level await never settles would hang the run forever, or, when nothing keeps the
 * event loop alive, make Node exit 13 with "unsettled top-level await" and no report. This watch
 * keeps the loop alive while the import is pending and rejects with a sentence when the import can
 * no longer settle (nothing started since it began is still alive, seen three times in a row after a
 * grace period) or takes longer than `maxMs`.
 */
export class UnsettledImportError extends Error {
  constructor(reason: string) {
    super(reason)
    this.name = 'UnsettledImportError'
  }
}

const POLL_MS = 250
const GRACE_MS = 1000
export const MAX_IMPORT_MS = 60_000

export function settleOrExplain<T>(work: Promise<T>, maxMs = MAX_IMPORT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const started = Date.now()
    let idlePolls = 0
    // Registered before the baseline, so the baseline holds this timer too.
    const poll = setInterval(() => {
      const waited = Date.now() - started
      if (waited > maxMs)
        return stop(new UnsettledImportError(`its top-level await did not settle within ${Math.round(maxMs / 1000)} s`))
      idlePolls = waited > GRACE_MS && nothingNewAlive(baseline) ? idlePolls + 1 : 0
      if (idlePolls >= 3)
        stop(
          new UnsettledImportError(
            'its top-level await never settles: it waits on a promise nothing can resolve (nothing it started is still running)',
          ),
        )
    }, POLL_MS)
    const baseline = counts(process.getActiveResourcesInfo())
    const stop = (error?: Error) => {
      clearInterval(poll)
      if (error) reject(error)
    }
    work.then(
      (value) => {
        stop()
        resolve(value)
      },
      (error: unknown) => {
        stop()
        // As thrown: the load error's sentence tells an Error from a thrown string.
        reject(error)
      },
    )
  })
}

function counts(resources: readonly string[]): Map<string, number> {
  const map = new Map<string, number>()
  for (const resource of resources) map.set(resource, (map.get(resource) ?? 0) + 1)
  return map
}

function nothingNewAlive(baseline: Map<string, number>): boolean {
  for (const [resource, count] of counts(process.getActiveResourcesInfo()))
    if (count > (baseline.get(resource) ?? 0)) return false
  return true
}
