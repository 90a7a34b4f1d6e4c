import {
  providerMatches,
  providerSlug,
  providersOf,
  routeProviders,
  type ModelProviders,
  type ProviderFilter,
} from '../../catalog/providers.js'
import { describeMaxPrice, endpointsOf, isFilterSet, preferenceNames } from '../../catalog/endpoints.js'
import type { LintFinding, ProviderPreferences } from '../../types.js'
import { lintSteps, stepName, type LintStep } from '../steps.js'
import type { LintContext } from '../types.js'
import { list } from '../../words.js'

/**
 * `provider-order`: the `provider` preferences leave a step no provider, or name none of its providers.
 *
 * Whether a step is left with no provider is the emulator's own answer (core/catalog/providers.ts
 * `routeProviders`, docs/router-behaviour.md §1.3): `provider.only` or `provider.ignore` filter out every
 * provider of the step, or `provider.order` names none of them while `allow_fallbacks` is false. The
 * router then finds no endpoint (404) and the step never serves: a warning, exactly when the emulator
 * answers that 404.
 *
 * Otherwise an `order` that names none of a step's providers is only a preference the router cannot
 * follow (the listed providers are tried first, then the others): information, given only when the
 * step's providers are known (the catalog's `providers` field, or the author's usual providers).
 */
export function providerOrder({ request, catalog }: LintContext): LintFinding[] {
  const preferences = request.provider
  if (preferences === undefined || preferences === null || typeof preferences !== 'object') return []
  const order = preferenceNames(preferences.order)
  const findings: LintFinding[] = []
  const unchecked = new Map<UncheckedFilter, LintStep[]>()
  for (const step of lintSteps(request, catalog)) {
    if (!step.model) continue
    const providers = providersOf(step.model)
    const route = routeProviders(step.model, step.id, preferences)
    if (route.ok) {
      for (const filter of uncheckedFilters(step.model, preferences))
        unchecked.set(filter, [...(unchecked.get(filter) ?? []), step])
    }
    if (!route.ok) {
      findings.push(noProvider(step, providers, route.filter, preferences))
    } else if (
      order.length > 0 &&
      providers.from !== 'guess' &&
      !providers.names.some((name) => order.some((o) => providerMatches(o, name)))
    ) {
      findings.push({
        rule: 'provider-order',
        severity: 'info',
        step: step.index,
        path: 'request.provider.order',
        message: `provider.order (${list(order)}) names none of the providers of ${stepName(step)} (${served(providers)}): the order is only a preference, so the router routes this step as if it were not set.`,
        fix: `Add one of ${slugs(providers)} to provider.order if this step should prefer one.`,
      })
    }
  }
  for (const [filter, steps] of unchecked) findings.push(notChecked(filter, steps))
  return findings
}

/** The endpoint filters that read a fact: a step none of whose endpoints states it is served whatever production does. */
const UNCHECKED_FILTERS = ['zdr', 'data_collection', 'quantizations'] as const
type UncheckedFilter = (typeof UNCHECKED_FILTERS)[number]
const FACT: Record<UncheckedFilter, { key: 'zdr' | 'training' | 'quantization'; what: string }> = {
  zdr: { key: 'zdr', what: 'whether an endpoint retains no data' },
  data_collection: { key: 'training', what: 'whether an endpoint trains on prompts' },
  quantizations: { key: 'quantization', what: "an endpoint's quantization" },
}

function uncheckedFilters(model: NonNullable<LintStep['model']>, preferences: ProviderPreferences): UncheckedFilter[] {
  const stated = (key: 'zdr' | 'training' | 'quantization') =>
    (model.endpoints ?? []).some((e) => e[key] !== undefined && e[key] !== null)
  return UNCHECKED_FILTERS.filter((filter) => isFilterSet(filter, preferences) && !stated(FACT[filter].key))
}

/**
 * Information: the catalog states no fact this filter reads for these steps, so the emulator cannot
 * remove their endpoints (src/core/emulator/README.md, "Provider filters") and serves them; production
 * may answer 404.
 */
function notChecked(filter: UncheckedFilter, steps: LintStep[]): LintFinding {
  const where = list(steps.map((s) => stepName(s)))
  return {
    rule: 'provider-order',
    severity: 'info',
    step: steps.length === 1 ? steps[0]!.index : null,
    path: `request.provider.${filter}`,
    message: `provider.${filter} is not checked at ${where}: the catalog states ${FACT[filter].what} for none of ${steps.length === 1 ? 'its' : 'their'} endpoints, so the emulator serves ${steps.length === 1 ? 'it' : 'them'} where production may answer 404.`,
    fix:
      filter === 'data_collection'
        ? 'Add `training` to the endpoints of these models in the catalog file if you know their policy (the router publishes none per endpoint).'
        : "Run cascade-harness catalog pull --endpoints to add the endpoints' facts to the catalog.",
  }
}

function noProvider(
  step: LintStep,
  providers: ModelProviders,
  filter: ProviderFilter,
  preferences: ProviderPreferences,
): LintFinding {
  const never = 'so this step finds no endpoint (404) and never serves'
  const values = preferenceNames(preferences[filter])
  const of = `${stepName(step)} (${served(providers)})`
  const [message, fix] = ((): [string, string] => {
    switch (filter) {
      case 'only':
        return [
          `provider.only (${list(values)}) permits none of the providers of ${of}, ${never}.`,
          `Add one of ${slugs(providers)} to provider.only, or drop provider.only.`,
        ]
      case 'ignore':
        return [
          `provider.ignore (${list(values)}) excludes every provider of ${of}, ${never}.`,
          `Remove ${slugs(providers, 'and')} from provider.ignore.`,
        ]
      case 'order':
        return [
          `provider.order (${list(values)}) names none of the providers of ${of}, and allow_fallbacks is false: only the listed providers may serve, ${never}.`,
          `Add one of ${slugs(providers)} to provider.order, or drop allow_fallbacks: false.`,
        ]
      case 'zdr':
        return [
          `provider.zdr is true and the catalog marks no endpoint of ${of} as zero data retention: the router answers 404 "No endpoints for ${step.id} match your data policy", ${never}.`,
          `Give this step a model with a zero-data-retention endpoint, or drop provider.zdr if the policy allows it.`,
        ]
      case 'data_collection':
        return [
          `provider.data_collection is "deny" and the catalog says every endpoint of ${of} may train on prompts: the router answers 404 "No endpoints for ${step.id} match your data policy", ${never}.`,
          `Give this step a model with an endpoint that does not train on prompts, or allow data collection if the policy allows it.`,
        ]
      case 'quantizations':
        return [
          `provider.quantizations (${list(values)}) permits none of the endpoints of ${of}, whose quantizations the catalog gives as ${quantizations(step, providers)}, ${never}.`,
          `Add the quantization of one endpoint to provider.quantizations, or drop it for this model.`,
        ]
      case 'max_price':
        return [
          `provider.max_price (${describeMaxPrice(preferences.max_price)}) is below the price of every endpoint of ${of} per the catalog, ${never}.`,
          `Raise provider.max_price, or give this step a cheaper model.`,
        ]
    }
  })()
  return {
    rule: 'provider-order',
    severity: 'warning',
    step: step.index,
    path: `request.provider.${filter}`,
    message,
    fix,
  }
}

function served(providers: ModelProviders): string {
  const names = list(providers.names)
  switch (providers.from) {
    case 'catalog':
      return `${names}, per the catalog`
    case 'author':
      return `${names}, as far as the harness knows`
    case 'guess':
      return `${names}, a name the emulator assumes because the catalog lists no providers for it`
  }
}

function quantizations(step: LintStep, providers: ModelProviders): string {
  const model = step.model
  const stated = (p: string) =>
    [...new Set((model ? endpointsOf(model, p) : []).map((e) => e.quantization ?? 'not stated'))].join('/') ||
    'not stated'
  return list(providers.names.map((p) => `${p} ${stated(p)}`))
}

function slugs(providers: ModelProviders, conjunction = 'or'): string {
  return list(providers.names.map(providerSlug), conjunction)
}
