import type { z } from 'zod'
import type { InputProblem } from '../../errors.js'
import { didYouMean } from '../../core/did-you-mean.js'
import { jsonPath } from '../../core/json-path.js'
import { fieldsAt, optionsOfUnionAt, describeSchema } from './schema-walk.js'

/**
 * Zod issues → InputProblems: one sentence per problem naming the field path and the fix.
 *
 * Issues are data (zod v4 `code`, `path`, details); this file owns the words. It never branches on a
 * specific field of a specific schema: the scenario, config and catalog loaders share it, and what it
 * needs to know about the schema (the fields an object accepts, what a union's options look like) it
 * reads from the schema itself (schema-walk.ts).
 *
 * Two conventions the schemas follow so that the sentences come out right:
 * - a custom issue may carry its fix in `params.fix` (the fault-name refinement does);
 * - a `z.custom` inside a union whose message starts with "expected " describes the whole union
 *   ('expected "reference", a client function, or { exec: "command" }').
 */

type Issue = z.core.$ZodIssue

export interface ProblemContext {
  /** The file as the user sees it (relative to cwd, forward slashes). */
  file: string
  /** The schema the value was parsed with. */
  schema: z.core.$ZodType
  /** What the root object is called in sentences: "scenario", "config", "catalog". */
  subject: string
  /** Shown before each path (not used to walk the schema): `[1]` for the second scenario of a file. */
  prefix?: readonly PropertyKey[]
}

export type ProblemsResult<T> = { success: true; data: T } | { success: false; problems: InputProblem[] }

/** `schema.safeParse` whose failure is a list of InputProblems instead of a ZodError. */
export function parseWithProblems<S extends z.ZodType>(
  schema: S,
  value: unknown,
  context: Omit<ProblemContext, 'schema'>,
): ProblemsResult<z.output<S>> {
  const result = schema.safeParse(value, { reportInput: true })
  if (result.success) return { success: true, data: result.data }
  return { success: false, problems: zodProblems(result.error.issues, { ...context, schema }) }
}

export function zodProblems(issues: readonly Issue[], context: ProblemContext): InputProblem[] {
  return issues.flatMap((issue) => render(issue, context, []))
}

/** How a value is named after "got": `a string ("0.02")`, `a number (3)`, `a list`, `null`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (typeof value === 'string') return `a string (${showString(value)})`
  if (typeof value === 'number' || typeof value === 'bigint') return `a number (${String(value)})`
  if (typeof value === 'boolean') return String(value)
  if (typeof value === 'function') return 'a function'
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list'
  return 'an object'
}

/** `a, b, or c`. */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? ''
  if (items.length === 2) return `${items[0]} or ${items[1]}`
  return `${items.slice(0, -1).join(', ')}, or ${items.at(-1)}`
}

const NOUNS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  tuple: 'a list',
  object: 'an object',
  record: 'an object',
  map: 'a map',
  set: 'a set',
  function: 'a function',
  date: 'a date',
  null: 'null',
  undefined: 'nothing',
  nan: 'NaN',
  never: 'nothing (remove it)',
}

function noun(expected: string): string {
  return NOUNS[expected] ?? `a ${expected}`
}

const MAX_SHOWN = 60

function showString(value: string): string {
  return JSON.stringify(value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value)
}

/** How a value is named as the subject of a sentence: `"matrx"`, `3`, `an object`. */
function showValue(value: unknown): string {
  if (typeof value === 'string') return showString(value)
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value)
  return describeValue(value)
}

const tick = (name: string) => `\`${name}\``

function problem(context: ProblemContext, path: readonly PropertyKey[], text: string, fix: string): InputProblem {
  return { file: context.file, path: jsonPath([...(context.prefix ?? []), ...path], ''), problem: text, fix }
}

/** `base` is where the issue's own (relative) path starts: non-empty for the branches of a union. */
function render(issue: Issue, context: ProblemContext, base: readonly PropertyKey[]): InputProblem[] {
  const path = [...base, ...issue.path]
  switch (issue.code) {
    case 'invalid_type':
      return [invalidType(issue, context, path)]
    case 'unrecognized_keys':
      return unrecognizedKeys(issue, context, path)
    case 'invalid_union':
      return invalidUnion(issue, context, path)
    case 'invalid_value':
      return [invalidValue(issue, context, path)]
    case 'too_small':
    case 'too_big':
      return [sizeProblem(issue, context, path)]
    case 'custom':
      return [custom(issue, context, path)]
    case 'invalid_format':
      return [
        problem(
          context,
          path,
          `${showValue(issue.input)} is not a valid ${issue.format}`,
          `write a valid ${issue.format}`,
        ),
      ]
    case 'not_multiple_of':
      return [
        problem(
          context,
          path,
          `must be a multiple of ${issue.divisor}, got ${showValue(issue.input)}`,
          `write a multiple of ${issue.divisor}`,
        ),
      ]
    case 'invalid_key': {
      // A record key failed its own schema; render the key's first issue as a sentence about the key.
      const inner = issue.issues[0]
      const detail = inner ? render(inner, context, path)[0] : undefined
      return [
        problem(
          context,
          path,
          `the key ${showValue(issue.input)} is not accepted${detail ? `: ${detail.problem}` : ''}`,
          detail?.fix ?? 'rename the key',
        ),
      ]
    }
    case 'invalid_element':
      return issue.issues.flatMap((inner) => render(inner, context, path))
    default:
      return [problem(context, path, (issue as { message: string }).message, genericFix(context))]
  }
}

function genericFix(context: ProblemContext): string {
  return `see the ${context.subject} format in the cascade-harness README`
}

function invalidType(
  issue: Extract<Issue, { code: 'invalid_type' }>,
  context: ProblemContext,
  path: PropertyKey[],
): InputProblem {
  const expected = noun(issue.expected)
  const key = path.at(-1)
  if (issue.input === undefined && typeof key === 'string') {
    return problem(context, path.slice(0, -1), `${tick(key)} is missing`, `add ${tick(key)} (${expected})`)
  }
  return problem(
    context,
    path,
    `expected ${expected}, got ${describeValue(issue.input)}`,
    typeFix(issue.expected, issue.input, expected),
  )
}

function typeFix(expected: string, input: unknown, expectedNoun: string): string {
  if (
    (expected === 'number' || expected === 'int') &&
    typeof input === 'string' &&
    input.trim() !== '' &&
    Number.isFinite(Number(input))
  ) {
    return `write ${input.trim()} without quotes`
  }
  if (expected === 'int' && typeof input === 'number') return 'write a whole number (no decimals)'
  if (expected === 'boolean' && (input === 'true' || input === 'false')) return `write ${input} without quotes`
  if (expected === 'string' && (typeof input === 'number' || typeof input === 'boolean'))
    return 'write a string (text in quotes)'
  if (expected === 'array' && input !== null && typeof input !== 'object')
    return `write a list, for example [${JSON.stringify(input)}]`
  return `write ${expectedNoun}`
}

function unrecognizedKeys(
  issue: Extract<Issue, { code: 'unrecognized_keys' }>,
  context: ProblemContext,
  path: PropertyKey[],
): InputProblem[] {
  const fields = fieldsAt(context.schema, path)
  const present = new Set(issue.input && typeof issue.input === 'object' ? Object.keys(issue.input) : [])
  const where =
    path.length === 0
      ? `a ${context.subject} field`
      : `a field of ${tick(jsonPath([...(context.prefix ?? []), ...path], ''))}`
  return issue.keys.map((key) => {
    // Suggest only a field the object does not already have: `expect` next to `expcet` means "remove it".
    const guess = didYouMean(
      key,
      fields.filter((field) => !present.has(field)),
    )
    const text = `${tick(key)} is not ${where}${guess ? ` (did you mean ${tick(guess)}?)` : ''}`
    const fix = guess
      ? `rename it to ${tick(guess)}`
      : fields.length > 0
        ? `remove it (the fields are ${fields.map(tick).join(', ')})`
        : 'remove it'
    return problem(context, path, text, fix)
  })
}

function invalidValue(
  issue: Extract<Issue, { code: 'invalid_value' }>,
  context: ProblemContext,
  path: PropertyKey[],
): InputProblem {
  const values = issue.values.map((v) => showValue(v))
  const guess =
    typeof issue.input === 'string'
      ? didYouMean(
          issue.input,
          issue.values.filter((v): v is string => typeof v === 'string'),
        )
      : undefined
  const text =
    values.length === 1
      ? `expected ${values[0]}, got ${showValue(issue.input)}`
      : `${showValue(issue.input)} is not one of ${orList(values)}${guess ? ` (did you mean ${showValue(guess)}?)` : ''}`
  // `unsupportedParameter: 404` where the option is the string "404".
  const quoted =
    typeof issue.input !== 'string' && issue.values.includes(String(issue.input)) ? String(issue.input) : undefined
  const fix = quoted
    ? `write it in quotes: ${showValue(quoted)}`
    : guess
      ? `write ${showValue(guess)}`
      : values.length === 1
        ? `write ${values[0]}`
        : `write one of ${orList(values)}`
  return problem(context, path, text, fix)
}

function sizeProblem(
  issue: Extract<Issue, { code: 'too_small' | 'too_big' }>,
  context: ProblemContext,
  path: PropertyKey[],
): InputProblem {
  const small = issue.code === 'too_small'
  const limit = small
    ? (issue as { minimum: number | bigint }).minimum
    : (issue as { maximum: number | bigint }).maximum
  const inclusive = issue.inclusive !== false
  const input = issue.input
  if (issue.origin === 'array' || issue.origin === 'set') {
    const count = Array.isArray(input) ? input.length : undefined
    const items = (n: number | bigint) => `${n} ${Number(n) === 1 ? 'item' : 'items'}`
    if (small && Number(limit) === 1 && count === 0)
      return problem(context, path, 'is an empty list', 'add at least one item')
    const bound = small
      ? inclusive
        ? `at least ${items(limit)}`
        : `more than ${items(limit)}`
      : inclusive
        ? `at most ${items(limit)}`
        : `fewer than ${items(limit)}`
    return problem(
      context,
      path,
      `has ${count === undefined ? 'the wrong number of items' : items(count)}, expected ${bound}`,
      small ? 'add items' : `remove items to keep ${bound}`,
    )
  }
  if (issue.origin === 'string') {
    if (small && Number(limit) === 1 && input === '')
      return problem(context, path, 'is an empty string', 'write a non-empty string')
    const bound = `${small ? 'at least' : 'at most'} ${limit} characters`
    return problem(
      context,
      path,
      `${showValue(input)} is ${small ? 'too short' : 'too long'}, expected ${bound}`,
      `write ${bound}`,
    )
  }
  // Numbers, dates and anything else with a bound.
  const relation = small ? (inclusive ? 'at least' : 'greater than') : inclusive ? 'at most' : 'less than'
  return problem(
    context,
    path,
    `must be ${relation} ${limit}, got ${showValue(input)}`,
    `write a number ${relation} ${limit}`,
  )
}

/** `... is not a fault name. Did you mean "x"?` reads better as `... (did you mean "x"?)` before `. Fix:`. */
function parenthesizeDidYouMean(message: string): string {
  return message.replace(/\.?\s*Did you mean (.+)\?$/, (_all, guess: string) => ` (did you mean ${guess}?)`)
}

function custom(issue: Extract<Issue, { code: 'custom' }>, context: ProblemContext, path: PropertyKey[]): InputProblem {
  const message = parenthesizeDidYouMean(issue.message)
  const given = issue.params?.fix
  if (message.startsWith('expected ')) {
    return problem(
      context,
      path,
      `${message}, got ${describeValue(issue.input)}`,
      typeof given === 'string' ? given : `use ${message.slice('expected '.length)}`,
    )
  }
  return problem(context, path, message, typeof given === 'string' ? given : genericFix(context))
}

const ROOT_REJECTIONS = new Set(['invalid_type', 'invalid_value', 'custom', 'invalid_union'])

/** A union branch that refused the value outright (wrong type or literal) rather than on one of its fields. */
function rejectedAtRoot(branch: readonly Issue[]): boolean {
  return branch.some((issue) => issue.path.length === 0 && ROOT_REJECTIONS.has(issue.code))
}

function invalidUnion(
  issue: Extract<Issue, { code: 'invalid_union' }>,
  context: ProblemContext,
  path: PropertyKey[],
): InputProblem[] {
  const branches = issue.errors
  // The value has the right shape for some branch (an object for the object option): the useful
  // sentences are that branch's own issues. The fewest literal mismatches picks the branch the user
  // meant (`type: "json_schema"` matches the json_schema option), then the fewest issues.
  const viable = branches.filter((branch) => !rejectedAtRoot(branch))
  if (viable.length > 0) {
    const score = (branch: readonly Issue[]) =>
      branch.filter((i) => i.code === 'invalid_value').length * 1000 + branch.length
    const best = viable.reduce((a, b) => (score(b) < score(a) ? b : a))
    return best.flatMap((inner) => render(inner, context, path))
  }

  const literals = branches.flatMap((branch) =>
    branch.flatMap((i) => (i.code === 'invalid_value' && i.path.length === 0 ? i.values : [])),
  )
  const guess =
    typeof issue.input === 'string'
      ? didYouMean(
          issue.input,
          literals.filter((v): v is string => typeof v === 'string'),
        )
      : undefined
  const accepted = describeUnion(branches, optionsOfUnionAt(context.schema, path))
  const text = `expected ${accepted}, got ${describeValue(issue.input)}${guess ? ` (did you mean ${showValue(guess)}?)` : ''}`
  return [problem(context, path, text, guess ? `write ${showValue(guess)}` : `use ${accepted}`)]
}

function describeUnion(
  branches: readonly (readonly Issue[])[],
  options: readonly z.core.$ZodType[] | undefined,
): string {
  const whole = branches
    .flat()
    .find((i) => i.code === 'custom' && i.path.length === 0 && i.message.startsWith('expected '))
  if (whole) return whole.message.slice('expected '.length)
  const parts = branches.map((branch, index) => {
    const option = options?.[index]
    const described = option ? describeSchema(option) : undefined
    if (described) return described
    const root = branch.find((i) => i.path.length === 0)
    if (root?.code === 'invalid_value') return orList(root.values.map((v) => showValue(v)))
    if (root?.code === 'invalid_type') return noun(root.expected)
    return 'another form'
  })
  return orList([...new Set(parts)])
}
