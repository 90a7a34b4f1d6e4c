/**
 * The model-availability object added to error bodies on 2026-08-19 (docs/router-behaviour.md §4.4), behind the
 * `availabilityObject` option because no live capture of it on chat completions is known yet.
 */

export interface AvailabilityKind {
  /** `model_not_found`, `no_endpoints`, `constraint_filtered`, `temporarily_unavailable`, ... */
  code: string
  retryable: boolean
  /** Which candidate filter emptied the endpoint set (`require_parameters`, `allowed_providers`, ...). */
  excludedBy?: string[]
  constraint?: { field: string; detail: string }
  retryAfterSeconds?: number
}

const DOCS_URL = 'https://openrouter.ai/docs/api/reference/errors-and-debugging'

export function availabilityObject(
  kind: AvailabilityKind,
  requestedModels: readonly string[],
): Record<string, unknown> {
  const availability: Record<string, unknown> = { code: kind.code, retryable: kind.retryable }
  if (kind.retryAfterSeconds !== undefined) availability.retry_after = kind.retryAfterSeconds
  availability.requested_models = [...requestedModels]
  if (kind.excludedBy !== undefined) availability.excluded_by = kind.excludedBy
  if (kind.constraint !== undefined) availability.constraint = kind.constraint
  availability.docs_url = DOCS_URL
  return availability
}
