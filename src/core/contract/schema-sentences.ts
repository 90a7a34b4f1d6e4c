import type { ErrorObject } from 'ajv'
import { describeValue, showJson } from './describe-value.js'
import { pointerSegments, valueAt, type PathSegment } from '../json-path.js'

/** One schema violation: where (segments from the document root) and what, as a sentence fragment. */
export interface SchemaIssue {
  segments: PathSegment[]
  problem: string
}

const MAX_LISTED = 8

/**
 * Turns ajv's errors into one short sentence each. Branch errors of an anyOf/oneOf are folded into the
 * combinator's sentence (ajv with allErrors lists every failed branch, which reads as noise): a union of
 * plain types becomes "expected string or null, got number 3"; anything else names the closest branch.
 */
export function describeSchemaErrors(errors: readonly ErrorObject[], data: unknown): SchemaIssue[] {
  const combinators = errors.filter(isFailedCombinator)
  const outer = combinators.filter(
    (c) => !combinators.some((o) => o !== c && c.schemaPath.startsWith(`${o.schemaPath}/`)),
  )
  const consumed = new Set<ErrorObject>()
  const branchesOf = new Map<ErrorObject, ErrorObject[]>()
  for (const combinator of outer) {
    const branches = errors.filter((e) => e !== combinator && e.schemaPath.startsWith(`${combinator.schemaPath}/`))
    for (const e of branches) consumed.add(e)
    branchesOf.set(combinator, branches)
  }
  const issues: SchemaIssue[] = []
  for (const error of errors) {
    if (consumed.has(error)) continue
    const branches = branchesOf.get(error)
    issues.push(branches ? describeCombinator(error, branches, data) : describeError(error, data))
  }
  return issues
}

function isFailedCombinator(error: ErrorObject): boolean {
  if (error.keyword === 'anyOf') return true
  return error.keyword === 'oneOf' && (error.params as { passingSchemas?: unknown }).passingSchemas == null
}

function describeCombinator(error: ErrorObject, branches: ErrorObject[], data: unknown): SchemaIssue {
  const segments = pointerSegments(error.instancePath, data)
  const value = valueAt(data, segments)
  if (branches.length > 0 && branches.every((b) => b.keyword === 'type' && b.instancePath === error.instancePath)) {
    const types = [...new Set(branches.flatMap((b) => typeList(b.params)))]
    return { segments, problem: `expected ${orList(types)}, got ${describeValue(value)}` }
  }
  const byBranch = new Map<string, ErrorObject[]>()
  for (const branch of branches) {
    const index = branch.schemaPath.slice(error.schemaPath.length + 1).split('/')[0] ?? ''
    byBranch.set(index, [...(byBranch.get(index) ?? []), branch])
  }
  const count = Array.isArray(error.schema) ? error.schema.length : byBranch.size
  let problem = `matches none of the ${count} alternatives of ${error.keyword}`
  // The branch with the fewest errors is most likely the one the answer meant: name its first problem.
  const closest = [...byBranch.entries()].sort((a, b) => a[1].length - b[1].length)[0]
  const detail = closest ? describeSchemaErrors(closest[1], data)[0] : undefined
  if (closest && detail) {
    const where =
      detail.segments.length > segments.length ? `${renderRelative(detail.segments.slice(segments.length))}: ` : ''
    problem += `; alternative ${Number(closest[0]) + 1} comes closest but fails: ${where}${detail.problem}`
  }
  return { segments, problem }
}

function renderRelative(segments: readonly PathSegment[]): string {
  return segments
    .map((s) => (typeof s === 'number' ? `[${s}]` : s))
    .join('.')
    .replace(/\.\[/g, '[')
}

function describeError(error: ErrorObject, data: unknown): SchemaIssue {
  const segments = pointerSegments(error.instancePath, data)
  const value = valueAt(data, segments)
  const params = error.params as Record<string, unknown>
  const length = typeof value === 'string' ? value.length : Array.isArray(value) ? value.length : 0
  switch (error.keyword) {
    case 'type':
      return { segments, problem: `expected ${orList(typeList(params))}, got ${describeValue(value)}` }
    case 'required':
      return { segments, problem: `the required key "${String(params.missingProperty)}" is missing` }
    case 'additionalProperties':
      return {
        segments: [...segments, String(params.additionalProperty)],
        problem: 'the key is not declared in the schema (additionalProperties: false)',
      }
    case 'enum':
      return { segments, problem: `expected one of ${listValues(params.allowedValues)}, got ${showJson(value)}` }
    case 'const':
      return { segments, problem: `expected ${showJson(params.allowedValue)}, got ${showJson(value)}` }
    case 'format':
      return { segments, problem: `expected a string in ${String(params.format)} format, got ${showJson(value)}` }
    case 'pattern':
      return { segments, problem: `expected a string matching /${String(params.pattern)}/, got ${showJson(value)}` }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        segments,
        problem: `expected a number ${String(params.comparison)} ${String(params.limit)}, got ${showJson(value)}`,
      }
    case 'multipleOf':
      return { segments, problem: `expected a multiple of ${String(params.multipleOf)}, got ${showJson(value)}` }
    case 'minLength':
      return { segments, problem: `expected at least ${count(params.limit, 'character')}, got ${length}` }
    case 'maxLength':
      return { segments, problem: `expected at most ${count(params.limit, 'character')}, got ${length}` }
    case 'minItems':
      return { segments, problem: `expected at least ${count(params.limit, 'item')}, got ${length}` }
    case 'maxItems':
      return { segments, problem: `expected at most ${count(params.limit, 'item')}, got ${length}` }
    case 'minProperties':
    case 'maxProperties':
      return {
        segments,
        problem: `expected ${error.keyword === 'minProperties' ? 'at least' : 'at most'} ${count(params.limit, 'key')}, got ${isObject(value) ? Object.keys(value).length : 0}`,
      }
    case 'uniqueItems':
      return {
        segments,
        problem: `items ${String(params.j)} and ${String(params.i)} are equal, but the schema wants unique items`,
      }
    case 'oneOf': {
      const passing = (params.passingSchemas as number[] | null) ?? []
      return {
        segments,
        problem: `matches more than one alternative of oneOf (${passing.map((i) => i + 1).join(' and ')}), but oneOf wants exactly one`,
      }
    }
    case 'not':
      return { segments, problem: 'matches a schema it must not match (not)' }
    case 'false schema':
      return { segments, problem: 'no value is allowed here (the schema is false)' }
    case 'dependentRequired':
    case 'dependencies':
      return {
        segments,
        problem: `the key "${String(params.property)}" requires the key "${String(params.missingProperty)}", which is missing`,
      }
    default:
      return { segments, problem: error.message ?? `fails the "${error.keyword}" rule of the schema` }
  }
}

function count(limit: unknown, noun: string): string {
  return `${String(limit)} ${noun}${limit === 1 ? '' : 's'}`
}

function typeList(params: Record<string, unknown>): string[] {
  const type = params.type
  if (Array.isArray(type)) return type.map(String)
  return String(type).split(',')
}

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? 'nothing'
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`
}

function listValues(values: unknown): string {
  const list = Array.isArray(values) ? values : []
  const shown = list.slice(0, MAX_LISTED).map(showJson).join(', ')
  return list.length > MAX_LISTED ? `${shown} (and ${list.length - MAX_LISTED} more)` : shown
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
