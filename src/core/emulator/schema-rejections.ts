import { familyOf, type Family } from '../catalog/families.js'
import { checkOpenAiStrict, type StrictViolation } from '../portability/openai-strict.js'
import { PORTABILITY_FEATURES, rejectedFeatures, type PortabilityIssue } from '../portability/schema-support.js'
import { isObjectSchema, isSchemaObject, typesOf, walkSchema } from '../portability/schema-walk.js'
import type { CatalogModel, ChatRequest } from '../types.js'
import { schemaDefect, type SchemaDefect } from '../contract/schema-validator.js'

/**
 * The provider's 400 for a JSON Schema feature its family rejects (docs/schema-portability.md): a natural
 * fault, found from the request and the catalog alone. A step fails on it when its family **rejects**
 * a feature of a schema the step receives, and the fact is confirmed (the lint's `error` findings of
 * `schema-portability` and `strict-mode`): never for "ignores", "not documented" or an unconfirmed (?)
 * fact. The provider answers 400 before generating, the router wraps it as "Provider returned error"
 * (docs/router-behaviour.md §4.2) and moves on to the next model (2.1: "any error can trigger a fallback").
 *
 * Which schemas a family sees is the lint's reading (core/lint/rules/schema-portability.ts `scopeOf`,
 * core/lint/rules/strict-mode.ts), minus a parameter the step drops because it does not support it:
 * - OpenAI: strict schemas only (`strict: true` on the response_format or the function), by its strict
 *   rules (core/portability/openai-strict.ts); without strict a schema is a hint.
 * - Anthropic: the response_format schema when the step supports `structured_outputs` (otherwise the
 *   schema is a hint, docs/router-behaviour.md §2.2). Tools never: whether the router forwards `strict` on tools to
 *   Anthropic is unconfirmed, so the lint stops at a warning there.
 * - Gemini, open-weight: both, when the step supports the parameter (no confirmed rejection yet).
 *
 * The analysis is cached per schema object and family (then per JSON text, because every HTTP request
 * parses new objects), so `handle` pays one `JSON.stringify` per schema per request, and families that
 * reject nothing pay nothing.
 */

/** What the provider found wrong with the schema, in the terms its error message uses. */
export interface SchemaRejection {
  /**
   * `keyword`: a keyword the family does not take; `required` / `additional-properties` / `root` /
   * `limit`: OpenAI strict rules; `recursion`: a `$ref` that closes a cycle; `invalid`: not valid JSON
   * Schema at all (every provider refuses it).
   */
  kind: 'keyword' | 'required' | 'additional-properties' | 'root' | 'limit' | 'recursion' | 'invalid'
  /** The keyword as written in the schema (`allOf`, `minimum`), or what stands for it (`additionalProperties`, `$ref`). */
  keyword: string
  /** Every keyword of the same feature the subschema uses, sorted (Anthropic's message lists them all). */
  keywords: string[]
  /** The subschema the problem is in, as segments from the schema root (OpenAI's `context=(...)`). */
  context: string[]
  /** JSON path of the keyword below the schema root (`properties.total.minimum`). */
  path: string
  /** The subschema's JSON type (`number`), for "For 'number' type" sentences. */
  type: string | undefined
  /** The keyword's value (a `minItems` of 5, an external `$ref`). */
  value: unknown
  /** OpenAI `required`: the properties missing from `required`. */
  missing: string[]
  /** The feature id of core/portability/schema-support.ts, or `openai-strict`. */
  feature: string
  /** What the provider does, as a clause (the fact's detail or the strict violation's problem). */
  detail: string
}

/** The schema a rejection is about: the response_format, or the tool at `index`. */
export interface SchemaSourceRef {
  kind: 'response_format' | 'tool'
  /** The response_format's or the tool's name. */
  name: string
  /** The tool's index in `request.tools` (0 for the response_format). */
  index: number
}

export interface RejectedSchema {
  family: Family
  source: SchemaSourceRef
  /** Null when the fault was injected rather than found: no feature is named. */
  rejection: SchemaRejection | null
}

/** Families with at least one confirmed "rejects" fact, read from the data so a new fact needs no code here. */
const REJECTING = new Set<string>(['openai'])
/** Families whose confirmed "rejects" facts depend on the model (older Gemini): their cache key holds the model id. */
const MODEL_SPECIFIC = new Set<string>()
for (const feature of PORTABILITY_FEATURES) {
  for (const [family, fact] of Object.entries(feature.facts)) {
    if (fact?.treatment !== 'rejects' || !fact.confirmed) continue
    REJECTING.add(family)
    if (fact.models) MODEL_SPECIFIC.add(family)
  }
}

/**
 * The first schema this step's provider family rejects, or null. Response_format first, then the tools in
 * order, which is the order the request lists them.
 */
export function findSchemaRejection(model: CatalogModel, modelId: string, request: ChatRequest): RejectedSchema | null {
  const family = familyOf(modelId)
  const supported = model.supported_parameters
  const sources = schemaSources(request, supported)
  // A schema that is not valid JSON Schema at all (`"type": "objekt"`): every provider refuses it with a
  // 400, whatever its family or `strict`. The validator's sentence stands in for the provider's own,
  // which differs per provider and is unconfirmed.
  for (const { source, schema } of sources) {
    const defect = schemaDefect(schema)
    if (defect !== null) return { family, source, rejection: invalidRejection(defect) }
  }
  if (!REJECTING.has(family)) return null
  for (const { source, schema, strict } of sources) {
    if (!constrains(family, source.kind, strict, supported)) continue
    const rejection = cachedRejection(schema, family, modelId)
    if (rejection !== null) return { family, source, rejection }
  }
  return null
}

/** The schemas the step receives (it supports the parameter): the response_format's, then each tool's, in request order. */
function schemaSources(
  request: ChatRequest,
  supported: readonly string[],
): { source: SchemaSourceRef; schema: Record<string, unknown>; strict: boolean }[] {
  const sources: { source: SchemaSourceRef; schema: Record<string, unknown>; strict: boolean }[] = []
  const format = request.response_format
  if (
    format?.type === 'json_schema' &&
    isSchemaObject(format.json_schema?.schema) &&
    supported.includes('response_format')
  )
    sources.push({
      source: { kind: 'response_format', name: String(format.json_schema.name ?? ''), index: 0 },
      schema: format.json_schema.schema,
      strict: format.json_schema.strict === true,
    })
  const tools = request.tools
  if (Array.isArray(tools) && supported.includes('tools')) {
    for (let i = 0; i < tools.length; i++) {
      const fn = tools[i]?.function
      if (isSchemaObject(fn?.parameters))
        sources.push({
          source: { kind: 'tool', name: String(fn.name ?? ''), index: i },
          schema: fn.parameters,
          strict: fn.strict === true,
        })
    }
  }
  return sources
}

function invalidRejection(defect: SchemaDefect): SchemaRejection {
  const context = pathSegments(defect.path)
  return {
    kind: 'invalid',
    keyword: context.at(-1) ?? '',
    keywords: [],
    context: context.slice(0, -1),
    path: defect.path,
    type: undefined,
    value: undefined,
    missing: [],
    feature: 'invalid-schema',
    detail: defect.message,
  }
}

/** `properties.a.type must be equal to one of the allowed values: ...` */
function invalidSentence(rejection: SchemaRejection): string {
  return `${rejection.path === '' ? 'the schema' : rejection.path} ${rejection.detail}`
}

/** Whether the family's provider applies its schema rules to this kind of schema (see the module comment). */
function constrains(
  family: Family,
  kind: SchemaSourceRef['kind'],
  strict: boolean,
  supported: readonly string[],
): boolean {
  switch (family) {
    case 'openai':
      return strict
    case 'anthropic':
      return kind === 'response_format' && supported.includes('structured_outputs')
    case 'google':
    case 'open-weight':
      return true
    default:
      return false
  }
}

// ---------------------------------------------------------------------------------------------
// The analysis and its cache

type Analyses = Map<string, SchemaRejection | null>

const bySchema = new WeakMap<object, Analyses>()
// Schemas parsed from each HTTP request body are new objects every time: key them by their text too.
const byText = new Map<string, Analyses>()
const MAX_TEXT_KEYS = 512

function cachedRejection(schema: Record<string, unknown>, family: Family, modelId: string): SchemaRejection | null {
  let analyses = bySchema.get(schema)
  if (analyses === undefined) {
    const text = JSON.stringify(schema)
    analyses = byText.get(text)
    if (analyses === undefined) {
      if (byText.size >= MAX_TEXT_KEYS) byText.clear()
      analyses = new Map()
      byText.set(text, analyses)
    }
    bySchema.set(schema, analyses)
  }
  const key = MODEL_SPECIFIC.has(family) ? `${family}:${modelId}` : family
  let rejection = analyses.get(key)
  if (rejection === undefined) {
    rejection = family === 'openai' ? openAiRejection(schema) : portabilityRejection(schema, family, modelId)
    analyses.set(key, rejection)
  }
  return rejection
}

/** The first confirmed strict-mode violation (OpenAI reports one problem per 400). */
function openAiRejection(schema: Record<string, unknown>): SchemaRejection | null {
  const violation = checkOpenAiStrict(schema, '').find((v) => v.confirmed)
  if (violation === undefined) return null
  const context = pathSegments(violation.at)
  const node =
    violation.kind === 'required' ? walkSchema(schema, '').find((n) => n.path === violation.at)?.schema : undefined
  return {
    kind: violation.kind,
    keyword: keywordOf(violation),
    keywords: [keywordOf(violation)],
    context,
    path: violation.path,
    type: typesOf(violation.at === '' ? schema : (node ?? {}))[0],
    value: undefined,
    missing: node ? missingRequired(node) : [],
    feature: 'openai-strict',
    detail: violation.problem,
  }
}

function keywordOf(violation: StrictViolation): string {
  switch (violation.kind) {
    case 'required':
      return 'required'
    case 'additional-properties':
      return 'additionalProperties'
    case 'root':
      return 'type'
    default: {
      const segments = pathSegments(violation.path)
      return segments[segments.length - 1] ?? ''
    }
  }
}

function missingRequired(node: Record<string, unknown>): string[] {
  if (!isObjectSchema(node) || !isSchemaObject(node.properties)) return []
  const required = Array.isArray(node.required) ? node.required : []
  return Object.keys(node.properties).filter((name) => !required.includes(name))
}

/** The first confirmed rejection of core/portability/schema-support.ts, with its sibling keywords on the same subschema. */
function portabilityRejection(
  schema: Record<string, unknown>,
  family: Family,
  modelId: string,
): SchemaRejection | null {
  const issues = rejectedFeatures(schema, family, modelId)
  const first = issues[0]
  if (first === undefined) return null
  const { feature, fact, occurrence } = first
  const siblings = issues.filter(
    (i: PortabilityIssue) => i.feature === feature && i.occurrence.node === occurrence.node,
  )
  const recursion = feature.id === 'recursion'
  const context = recursion ? pathSegments(occurrence.path).slice(0, -1) : pathSegments(occurrence.node.path)
  return {
    kind: recursion ? 'recursion' : 'keyword',
    keyword: recursion ? '$ref' : occurrence.keyword,
    keywords: recursion ? ['$ref'] : [...new Set(siblings.map((i) => i.occurrence.keyword))].sort(),
    context,
    path: occurrence.path,
    type: typesOf(occurrence.node.schema).find((t) => t !== 'null') ?? IMPLIED_TYPE[feature.id],
    value: occurrence.value,
    missing: [],
    feature: feature.id,
    detail: fact.detail,
  }
}

/** The type a bound implies when the subschema does not say (`{ "minimum": 0 }`). */
const IMPLIED_TYPE: Record<string, string> = {
  'numeric-bounds': 'number',
  'string-length': 'string',
  'array-bounds': 'array',
}

const SEGMENT = /(?:^|\.)([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g

/** `properties["line items"].items.anyOf[0]` → `['properties', 'line items', 'items', 'anyOf', '0']` (the inverse of core/json-path.ts). */
export function pathSegments(path: string): string[] {
  const segments: string[] = []
  for (const match of path.matchAll(SEGMENT)) {
    const [, name, index, quoted] = match
    if (name !== undefined) segments.push(name)
    else if (index !== undefined) segments.push(index)
    else if (quoted !== undefined) segments.push(JSON.parse(quoted) as string)
  }
  return segments
}

// ---------------------------------------------------------------------------------------------
// The provider's own error text, for `error.metadata.raw`

/**
 * The provider's error body as the router relays it in `metadata.raw` (a JSON string, like the live
 * captures of docs/router-behaviour.md §4.2). The shapes are each provider's error envelope; the exact upstream
 * wording of each sentence is **unconfirmed** except where a capture is cited next to it.
 */
export function providerSchemaError(rejected: RejectedSchema): string {
  switch (rejected.family) {
    case 'openai':
      return JSON.stringify(openAiError(rejected))
    case 'anthropic':
      return JSON.stringify(anthropicError(rejected))
    case 'google':
      return JSON.stringify(geminiError(rejected))
    default:
      return JSON.stringify(inferenceProviderError(rejected))
  }
}

/**
 * OpenAI's strict-mode 400, Chat Completions form:
 * `{"error":{"message":"Invalid schema for response_format '<name>': In context=('properties', 'tags'), 'uniqueItems' is not permitted.","type":"invalid_request_error","param":"response_format","code":null}}`.
 * Sentences from captures of the live API (e.g. "'required' is required to be supplied and to be an array
 * including every key in properties. Missing 'note'.", "'additionalProperties' is required to be
 * supplied and to be false."); the `limit` sentences are ours.
 */
function openAiError({ source, rejection }: RejectedSchema) {
  const subject = source.kind === 'tool' ? `function '${source.name}'` : `response_format '${source.name}'`
  let message: string
  if (rejection === null) message = `Invalid schema for ${subject}: In context=(), schema is not supported.`
  else if (rejection.kind === 'invalid') message = `Invalid schema for ${subject}: ${invalidSentence(rejection)}.`
  else if (rejection.kind === 'root')
    message = `Invalid schema for ${subject}: schema must be a JSON Schema of 'type: "object"', got 'type: "${rejection.type ?? 'None'}"'.`
  else
    message = `Invalid schema for ${subject}: In context=${pythonTuple(rejection.context)}, ${openAiSentence(rejection)}`
  return {
    error: {
      message,
      type: 'invalid_request_error',
      param: source.kind === 'tool' ? `tools[${source.index}].function.parameters` : 'response_format',
      code: source.kind === 'tool' ? 'invalid_function_parameters' : null,
    },
  }
}

function openAiSentence(rejection: SchemaRejection): string {
  switch (rejection.kind) {
    case 'required':
      return `'required' is required to be supplied and to be an array including every key in properties. Missing '${rejection.missing[0] ?? ''}'.`
    case 'additional-properties':
      return `'additionalProperties' is required to be supplied and to be false.`
    case 'limit':
      return `${rejection.detail}.`
    default:
      return `'${rejection.keyword}' is not permitted.`
  }
}

/** Python's `repr` of a tuple of strings, which is how OpenAI prints the context: `()`, `('items',)`, `('properties', 'total')`. */
function pythonTuple(segments: readonly string[]): string {
  const items = segments.map((s) =>
    s.includes("'") && !s.includes('"') ? `"${s}"` : `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`,
  )
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`
}

/**
 * Anthropic's 400: `{"type":"error","error":{"type":"invalid_request_error","message":"output_config.format.schema: ..."}}`.
 * The numeric-bounds sentence is live through the router ("output_config.format.schema: For 'number' type,
 * properties maximum, minimum are not supported", github.com/sherifkozman/the-llm-council/pull/55) and so is
 * the minItems one (github.com/ghostlobster/memorize-everything/issues/93): both name the field path and the
 * keywords, not the subschema. The others are ours and add the subschema's path. The live body also has a
 * `request_id`, left out so bodies stay reproducible.
 */
function anthropicError({ source, rejection }: RejectedSchema) {
  const field = source.kind === 'tool' ? `tools.${source.index}.input_schema` : 'output_config.format.schema'
  return {
    type: 'error',
    error: { type: 'invalid_request_error', message: `${field}: ${anthropicSentence(rejection)}` },
  }
}

function anthropicSentence(rejection: SchemaRejection | null): string {
  if (rejection === null) return 'Schema is not supported'
  if (rejection.kind === 'invalid') return `JSON schema is invalid: ${invalidSentence(rejection)}`
  const at = rejection.context.length > 0 ? ` (at ${rejection.path})` : ''
  switch (rejection.feature) {
    case 'numeric-bounds':
    case 'string-length':
      return `For '${rejection.type}' type, properties ${rejection.keywords.join(', ')} are not supported`
    case 'array-bounds':
      return rejection.keyword === 'minItems'
        ? `For 'array' type, 'minItems' values other than 0 or 1 are not supported`
        : `For 'array' type, properties ${rejection.keywords.join(', ')} are not supported`
    case 'recursion':
      return `Recursive schemas are not supported${at}`
    case 'ref':
      return `Only local $ref values (starting with '#') are supported, got '${String(rejection.value)}'${at}`
    default:
      return `'${rejection.keyword}' is not supported${at}`
  }
}

/**
 * Gemini's 400 for a field outside its schema (Google's error envelope): `{"error":{"code":400,"message":"Invalid
 * JSON payload received. Unknown name \"additionalProperties\" at 'generation_config.response_schema': Cannot
 * find field.","status":"INVALID_ARGUMENT"}}`, the form of the captures cited in core/portability/schema-support.ts
 * (none through the router). How Gemini writes a nested field's path here is ours.
 */
function geminiError({ source, rejection }: RejectedSchema) {
  const base =
    source.kind === 'tool'
      ? `tools[0].function_declarations[${source.index}].parameters`
      : 'generation_config.response_schema'
  const field = rejection === null ? base : dotted(base, rejection.context)
  const message =
    rejection === null || rejection.kind !== 'keyword'
      ? `Invalid value at '${field}': ${rejection?.kind === 'invalid' ? invalidSentence(rejection) : (rejection?.detail ?? 'schema is not supported')}`
      : `Invalid JSON payload received. Unknown name "${rejection.keyword}" at '${field}': Cannot find field.`
  return { error: { code: 400, message, status: 'INVALID_ARGUMENT' } }
}

function dotted(base: string, segments: readonly string[]): string {
  let path = base
  for (const segment of segments) path += /^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`
  return path
}

/**
 * An OpenAI-compatible inference provider's 400 (open-weight models and the rest), in the shape of the
 * live Crucible capture of docs/router-behaviour.md §4.2: `{"error":{"type":"invalid_request_error","code":"invalid_request_error","message":"..."}}`.
 */
function inferenceProviderError({ source, rejection }: RejectedSchema) {
  const where =
    source.kind === 'tool' ? `tools[${source.index}].function.parameters` : 'response_format.json_schema.schema'
  const message =
    rejection === null
      ? `Invalid JSON schema in ${where}: schema is not supported.`
      : rejection.kind === 'invalid'
        ? `Invalid JSON schema in ${where}: ${invalidSentence(rejection)}.`
        : `Invalid JSON schema in ${where}: '${rejection.keyword}' at ${rejection.path || 'the root'} is not supported.`
  return { error: { type: 'invalid_request_error', code: 'invalid_request_error', message } }
}

/**
 * For an injected `schema_rejected` (the plan asked for it; nothing in the schema was found): the step's
 * family and the request's first schema, naming no feature.
 */
export function injectedSchemaRejection(modelId: string, request: ChatRequest): RejectedSchema {
  const family = familyOf(modelId)
  const format = request.response_format
  if (format?.type === 'json_schema')
    return {
      family,
      source: { kind: 'response_format', name: String(format.json_schema?.name ?? 'response'), index: 0 },
      rejection: null,
    }
  const tool = Array.isArray(request.tools) ? request.tools[0] : undefined
  if (tool?.function)
    return { family, source: { kind: 'tool', name: String(tool.function.name ?? ''), index: 0 }, rejection: null }
  return { family, source: { kind: 'response_format', name: 'response', index: 0 }, rejection: null }
}
