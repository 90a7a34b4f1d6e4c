import { contractGaps, wireSchemasOf, type ContractGap } from '../../answers/app-schema.js'
import type { LintFinding } from '../../types.js'
import type { LintContext } from '../types.js'

/**
 * `contract-gap` (info): a place where the app's `expect.result` is stricter than the wire schema the
 * model is given (a `maximum` kept only in zod, a key the app requires and the schema leaves optional).
 * A model may send an answer the router and the wire contract accept and the app must refuse; the
 * matrix plans `outside_app_schema` there to test that the app surfaces or repairs it.
 */
export function contractGap({ request, options }: LintContext): LintFinding[] {
  const app = options.appSchema
  if (app === undefined) return []
  return wireSchemasOf(request).flatMap((wire) =>
    contractGaps(app, wire.schema).map((gap): LintFinding => {
      const path = `${wire.path}${schemaPathOf(gap)}`
      return {
        rule: 'contract-gap',
        severity: 'info',
        step: null,
        path,
        message: `expect.result requires ${describe(gap)} at ${gap.path}, which ${wire.name} does not say${gap.wire === undefined ? '' : ` (it has ${gap.keyword}: ${JSON.stringify(gap.wire)})`}: a model may send an answer the router accepts and the app must refuse (the outside_app_schema cases test that the app surfaces or repairs it).`,
        fix: `Add ${gap.keyword === 'required' ? `"${String(gap.app)}" to \`required\`` : `\`${gap.keyword}: ${JSON.stringify(gap.app)}\``} at ${path} where every step's provider accepts it (see the schema-portability findings), or keep the check in the app and make sure it surfaces or repairs such an answer.`,
      }
    }),
  )
}

/** `$.items[*].qty` → `.properties.items.items.properties.qty` (for `required`: the object holding the key). */
function schemaPathOf(gap: ContractGap): string {
  const segments = gap.keyword === 'required' ? gap.segments.slice(0, -1) : gap.segments
  let path = ''
  for (const segment of segments)
    path +=
      segment === '*'
        ? '.items'
        : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)
          ? `.properties.${segment}`
          : `.properties[${JSON.stringify(segment)}]`
  return gap.keyword === 'required' ? `${path}.required` : path
}

function describe(gap: ContractGap): string {
  const value = JSON.stringify(gap.app)
  switch (gap.keyword) {
    case 'minimum':
      return `a value of at least ${value}`
    case 'maximum':
      return `a value of at most ${value}`
    case 'exclusiveMinimum':
      return `a value above ${value}`
    case 'exclusiveMaximum':
      return `a value below ${value}`
    case 'minLength':
      return `at least ${value} characters`
    case 'maxLength':
      return `at most ${value} characters`
    case 'minItems':
      return `at least ${value} items`
    case 'maxItems':
      return `at most ${value} items`
    case 'required':
      return 'the key'
    case 'enum':
      return `one of ${(gap.app as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`
    case 'type':
      return 'an integer'
    default:
      return `${gap.keyword}: ${value}`
  }
}
