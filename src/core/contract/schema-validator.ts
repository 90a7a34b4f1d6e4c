import type { Ajv, Options, ValidateFunction } from 'ajv'
import type { Ajv2019 } from 'ajv/dist/2019.js'
import type { Ajv2020 } from 'ajv/dist/2020.js'
import type addFormatsModule from 'ajv-formats'
import type { JsonSchema } from '../types.js'
import { describeSchemaErrors, type SchemaIssue } from './schema-sentences.js'

/** Validates one value against a compiled schema: no issues means it is valid. */
export type SchemaCheck = (value: unknown) => SchemaIssue[]

const OPTIONS: Options = {
  allErrors: true,
  // App schemas carry keywords ajv does not know (OpenAI's `strict`, vendor `x-` keys): ignore them.
  strict: false,
  logger: false,
  // The schema's own validity is lint's business; here a schema that compiles is a schema we can use.
  validateSchema: false,
  // 158.79 is a multiple of 0.01 for any reader; without a precision the float division says it is not.
  multipleOfPrecision: 9,
}

interface AjvModules {
  Ajv: typeof Ajv
  Ajv2019: typeof Ajv2019
  Ajv2020: typeof Ajv2020
  addFormats: typeof addFormatsModule.default
}
let loaded: AjvModules | undefined

/**
 * ajv and ajv-formats, loaded on first use: about 90 ms of module loading that most commands never
 * need (`lint` of a request without a schema, `run` of one whose answers are plain text). Both are
 * CommonJS, so they load synchronously through `require`, and every caller here stays synchronous; the
 * module loader is reached through `process` because the core imports no `node:*` module.
 */
function ajvModules(): AjvModules {
  if (loaded) return loaded
  const require = process.getBuiltinModule('node:module').createRequire(import.meta.url)
  loaded = {
    Ajv: (require('ajv') as { Ajv: typeof Ajv }).Ajv,
    Ajv2019: (require('ajv/dist/2019.js') as { Ajv2019: typeof Ajv2019 }).Ajv2019,
    Ajv2020: (require('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020 }).Ajv2020,
    addFormats: (require('ajv-formats') as typeof addFormatsModule).default,
  }
  return loaded
}

type Dialect = 'draft-07' | '2019-09' | '2020-12'
const instances = new Map<Dialect, Ajv>()

function ajvFor(dialect: Dialect, fresh = false): Ajv {
  const existing = fresh ? undefined : instances.get(dialect)
  if (existing) return existing
  const { Ajv, Ajv2019, Ajv2020, addFormats } = ajvModules()
  const ajv =
    dialect === 'draft-07' ? new Ajv(OPTIONS) : dialect === '2019-09' ? new Ajv2019(OPTIONS) : new Ajv2020(OPTIONS)
  addFormats(ajv)
  if (!fresh) instances.set(dialect, ajv)
  return ajv
}

/** The dialect a schema declares with `$schema`; 2020-12 (what structured-output providers follow) otherwise. */
function dialectOf(schema: JsonSchema): Dialect {
  const declared = typeof schema === 'object' && typeof schema.$schema === 'string' ? schema.$schema : ''
  if (/draft-0[4-7]/.test(declared)) return 'draft-07'
  if (declared.includes('2019-09')) return '2019-09'
  return '2020-12'
}

const checksBySchema = new WeakMap<object, SchemaCheck>()
// Bodies parsed from HTTP requests hold new schema objects each time: key those by their text too.
const checksByText = new Map<string, SchemaCheck>()
const MAX_TEXT_KEYS = 512

/**
 * Compiles a JSON Schema once and caches the check (by object, then by its JSON text). Never throws:
 * a schema that does not compile gives a check that reports that, so a bad schema reads as a failure
 * sentence instead of a crash.
 */
export function compileSchema(schema: JsonSchema): SchemaCheck {
  if (typeof schema === 'boolean')
    return schema ? () => [] : () => [{ segments: [], problem: 'no value is allowed (the schema is false)' }]
  const known = checksBySchema.get(schema)
  if (known) return known
  const text = JSON.stringify(schema)
  let check = checksByText.get(text)
  if (!check) {
    check = build(schema)
    if (checksByText.size >= MAX_TEXT_KEYS) checksByText.clear()
    checksByText.set(text, check)
  }
  checksBySchema.set(schema, check)
  return check
}

function build(schema: Record<string, unknown>): SchemaCheck {
  let validate: ValidateFunction
  const dialect = dialectOf(schema)
  try {
    validate = compileWith(ajvFor(dialect), schema)
  } catch (error) {
    try {
      // Two different schemas with the same `$id` cannot share one ajv instance.
      validate = compileWith(ajvFor(dialect, true), schema)
    } catch {
      const reason = error instanceof Error ? error.message : String(error)
      return () => [{ segments: [], problem: `cannot be checked: the schema does not compile (${reason})` }]
    }
  }
  return (value) => (validate(value) ? [] : describeSchemaErrors(validate.errors ?? [], value))
}

function compileWith(ajv: Ajv, schema: Record<string, unknown>): ValidateFunction {
  // ajv keeps every schema it compiled in its own cache; remove it so only our bounded caches hold it.
  const validate = ajv.compile(schema)
  ajv.removeSchema(schema)
  return validate
}

/** Why a JSON Schema is not a valid JSON Schema: where in the schema, and the validator's sentence. */
export interface SchemaDefect {
  /** JSON path below the schema root (`properties.total.type`), '' for the root. */
  path: string
  /** The meta-schema validator's sentence, e.g. `must be equal to one of the allowed values`. */
  message: string
}

const defectsByText = new Map<string, SchemaDefect | null>()

/**
 * The first reason `schema` is not valid JSON Schema for its dialect (`"type": "objekt"`), or null.
 * A provider answers 400 to every request carrying such a schema, so lint and the emulator both ask.
 * Cached by JSON text, bounded like the compile cache.
 */
export function schemaDefect(schema: JsonSchema): SchemaDefect | null {
  if (typeof schema === 'boolean') return null
  const text = JSON.stringify(schema)
  const known = defectsByText.get(text)
  if (known !== undefined) return known
  const ajv = ajvFor(dialectOf(schema))
  let defect: SchemaDefect | null = null
  if (!ajv.validateSchema(schema)) {
    // The most specific error: the deepest path; `anyOf`/`oneOf` wrappers say less than what they wrap.
    const errors = [...(ajv.errors ?? [])].filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf')
    const first = errors.sort((a, b) => b.instancePath.length - a.instancePath.length)[0] ?? ajv.errors?.[0]
    if (first) {
      const extra =
        first.keyword === 'enum' && Array.isArray(first.params.allowedValues)
          ? `: ${first.params.allowedValues.map((v: unknown) => JSON.stringify(v)).join(', ')}`
          : ''
      defect = { path: pointerToPath(first.instancePath), message: `${first.message ?? 'is invalid'}${extra}` }
    }
  }
  if (defectsByText.size >= MAX_TEXT_KEYS) defectsByText.clear()
  defectsByText.set(text, defect)
  return defect
}

/** `/properties/total/type` → `properties.total.type`; `/anyOf/0` → `anyOf[0]`. */
function pointerToPath(pointer: string): string {
  let path = ''
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (/^\d+$/.test(segment)) path += `[${segment}]`
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) path += path === '' ? segment : `.${segment}`
    else path += `[${JSON.stringify(segment)}]`
  }
  return path
}
