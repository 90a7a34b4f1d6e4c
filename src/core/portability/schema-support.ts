import type { Family } from '../catalog/families.js'
import { jsonPath } from '../json-path.js'
import { isObjectSchema, recursiveRefs, walkSchema, type SchemaNode } from './schema-walk.js'

/**
 * What each provider family does with JSON Schema features, as data: the `schema-portability` lint rule
 * reads it, and the emulator can read it to answer a provider's 400 for a feature it rejects.
 * Facts come from docs/schema-portability.md; each one records its source next to it. A fact that is
 * not confirmed (marked (?) there, or confirmed only on the provider's own API and not through the
 * router) is never an error: the finding is a warning and says "unconfirmed".
 *
 * OpenAI is not here: without `strict` its schema is only a hint, and with `strict: true` the rules are
 * core/portability/openai-strict.ts (the `strict-mode` rule).
 */
export type Treatment =
  /** The provider answers 400: every request to the step fails and the router moves on. */
  | 'rejects'
  /** The constraint is dropped: the model may break it and nothing says so. */
  | 'ignores'
  /** Outside the provider's documented subset: dropped or rejected, nobody has said which. */
  | 'undocumented'

export interface PortabilityFact {
  treatment: Treatment
  confirmed: boolean
  /** What the provider does, in a clause the finding quotes. */
  detail: string
  /** Where the fact comes from. */
  source: string
  /** Only some occurrences count (Anthropic accepts `minItems` of 0 or 1). */
  when?: (occurrence: Occurrence) => boolean
  /** Only some models of the family (older Gemini). */
  models?: RegExp
}

export interface PortabilityFeature {
  id: string
  /** The keywords that make an occurrence. Special features (`recursion`, `open-object`) find their own. */
  keywords: readonly string[]
  /** The portable rewrite, as an imperative clause. */
  rewrite: string
  facts: Partial<Record<Family, PortabilityFact>>
}

export interface Occurrence {
  /** JSON path of the keyword (or of the object, for `open-object`). */
  path: string
  keyword: string
  value: unknown
  node: SchemaNode
}

const SRC = {
  doc: 'docs/schema-portability.md',
  anthropicDocs: 'Anthropic "Structured outputs" docs (platform.claude.com), JSON Schema limitations',
  anthropicViaRouter:
    'through the router: github.com/sherifkozman/the-llm-council/pull/55 (anthropic/claude-opus-4-6 via OpenRouter, 400 "output_config.format.schema: For \'number\' type, properties maximum, minimum are not supported", 4/4) and github.com/Kiln-AI/Kiln/pull/1549',
  anthropicLengths:
    'Anthropic API 400 for minLength/maxLength/maxItems: github.com/laravel/ai/issues/715 (the router forwards the schema the same way as for numeric bounds)',
  anthropicMinItems:
    "Anthropic API 400 \"For 'array' type, 'minItems' values other than 0 or 1 are not supported\": github.com/ghostlobster/memorize-everything/issues/93",
  gemini: 'Gemini "Structured output: JSON Schema support" (ai.google.dev, 2026-02-26): the documented subset',
  geminiOld:
    'Gemini 2.0 and earlier / OpenAPI responseSchema: 400 "Unknown name \\"additionalProperties\\"" (github.com/musistudio/claude-code-router/issues/187, github.com/felinics/Memoh/issues/620); through the router unconfirmed',
  geminiSchemaKey:
    'Gemini 400 "Unknown name \\"$schema\\" at \'generation_config.response_schema\'" (github.com/QuantumNous/new-api/pull/1037, github.com/openswarm-ai/openswarm/issues/24); through the router unconfirmed',
  geminiAnyOf: 'anyOf joined the Gemini subset in the November 2025 API update (gemini_ex structured outputs guide)',
  openWeight:
    'docs/schema-portability.md#open-weight: grammar engines (xgrammar, outlines, llama.cpp) enforce the core and drop or partly support the rest (?)',
} as const

const ANTHROPIC_FORMATS = new Set([
  'date-time',
  'date',
  'time',
  'duration',
  'email',
  'hostname',
  'uri',
  'ipv4',
  'ipv6',
  'uuid',
])

const openWeightIgnores = (what: string): PortabilityFact => ({
  treatment: 'ignores',
  confirmed: false,
  detail: `grammar engines usually do not enforce ${what}`,
  source: SRC.openWeight,
})
const geminiUndocumented = (confirmed = true, source: string = SRC.gemini): PortabilityFact => ({
  treatment: 'undocumented',
  confirmed,
  detail: "it is not in Gemini's documented JSON Schema subset",
  source,
})
const anthropicUndocumented: PortabilityFact = {
  treatment: 'undocumented',
  confirmed: true,
  detail: "it is not in Anthropic's documented structured-outputs subset",
  source: SRC.anthropicDocs,
}

export const PORTABILITY_FEATURES: readonly PortabilityFeature[] = [
  {
    id: 'numeric-bounds',
    keywords: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
    rewrite:
      'move the bound into the description ("between 0 and 1") and check it in expect.result (for example z.number().min(0).max(1)), as the Anthropic SDKs do',
    facts: {
      anthropic: {
        treatment: 'rejects',
        confirmed: true,
        detail:
          "Anthropic's structured outputs reject numeric bounds (\"For 'number' type, properties maximum, minimum are not supported\")",
        source: `${SRC.anthropicDocs}; ${SRC.anthropicViaRouter}`,
      },
      // Gemini documents minimum and maximum, not the rest.
      google: { ...geminiUndocumented(), when: (o) => o.keyword !== 'minimum' && o.keyword !== 'maximum' },
      'open-weight': openWeightIgnores('numeric bounds'),
    },
  },
  {
    id: 'string-length',
    keywords: ['minLength', 'maxLength'],
    rewrite: 'move the length into the description and check it in expect.result (for example z.string().max(280))',
    facts: {
      anthropic: {
        treatment: 'rejects',
        confirmed: true,
        detail: "Anthropic's structured outputs reject string lengths",
        source: `${SRC.anthropicDocs}; ${SRC.anthropicLengths}`,
      },
      google: geminiUndocumented(),
      'open-weight': openWeightIgnores('string lengths'),
    },
  },
  {
    id: 'array-bounds',
    keywords: ['minItems', 'maxItems'],
    rewrite: 'keep minItems at 0 or 1, drop maxItems, say the count in the description and check it in expect.result',
    facts: {
      anthropic: {
        treatment: 'rejects',
        confirmed: true,
        detail: "Anthropic's structured outputs accept only minItems of 0 or 1 and no maxItems",
        source: `${SRC.anthropicDocs}; ${SRC.anthropicMinItems}; ${SRC.anthropicLengths}`,
        when: (o) => o.keyword === 'maxItems' || (typeof o.value === 'number' && o.value > 1),
      },
      'open-weight': openWeightIgnores('array lengths'),
    },
  },
  {
    id: 'pattern',
    keywords: ['pattern'],
    rewrite: 'describe the format in the description and check it in expect.result',
    facts: {
      anthropic: {
        treatment: 'rejects',
        confirmed: false,
        detail: 'Anthropic accepts a regex subset without backreferences or lookaround',
        source: SRC.anthropicDocs,
        when: (o) => typeof o.value === 'string' && /\(\?<?[=!]|\\[1-9]|\\k</.test(o.value),
      },
      google: geminiUndocumented(),
      'open-weight': openWeightIgnores('every pattern (coverage varies by engine)'),
    },
  },
  {
    id: 'format',
    keywords: ['format'],
    rewrite: 'drop the format, describe it in the description and check it in expect.result',
    facts: {
      anthropic: {
        treatment: 'rejects',
        confirmed: false,
        detail: `Anthropic lists only these string formats: ${[...ANTHROPIC_FORMATS].join(', ')}`,
        source: SRC.anthropicDocs,
        when: (o) => typeof o.value === 'string' && !ANTHROPIC_FORMATS.has(o.value),
      },
      'open-weight': openWeightIgnores('format'),
    },
  },
  {
    id: 'oneOf',
    keywords: ['oneOf'],
    rewrite: 'replace oneOf with anyOf',
    facts: {
      google: geminiUndocumented(),
      anthropic: anthropicUndocumented,
      'open-weight': openWeightIgnores('oneOf exclusivity'),
    },
  },
  {
    id: 'allOf',
    keywords: ['allOf'],
    rewrite: 'merge the allOf branches into one object schema',
    // Anthropic: "allOf (limited)": supported in part, so no finding.
    facts: { google: geminiUndocumented(), 'open-weight': openWeightIgnores('allOf') },
  },
  {
    id: 'conditionals',
    keywords: ['not', 'if', 'then', 'else', 'dependentRequired', 'dependentSchemas'],
    rewrite: 'remove it and check the condition in expect.result',
    facts: {
      google: geminiUndocumented(),
      anthropic: anthropicUndocumented,
      'open-weight': openWeightIgnores('not, if/then/else or dependent*'),
    },
  },
  {
    id: 'array-content',
    keywords: ['uniqueItems', 'contains'],
    rewrite: 'remove it and check the items in expect.result',
    facts: {
      google: geminiUndocumented(),
      anthropic: anthropicUndocumented,
      'open-weight': openWeightIgnores('uniqueItems or contains'),
    },
  },
  {
    id: 'property-rules',
    keywords: ['patternProperties', 'propertyNames', 'minProperties', 'maxProperties', 'unevaluatedProperties'],
    rewrite: 'list the properties explicitly and check the rest in expect.result',
    facts: {
      google: geminiUndocumented(),
      anthropic: anthropicUndocumented,
      'open-weight': openWeightIgnores('patternProperties, propertyNames or property counts'),
    },
  },
  {
    id: 'const',
    keywords: ['const'],
    rewrite: 'write enum: [value] instead of const',
    facts: { google: geminiUndocumented(false, `${SRC.gemini}; marked (?) in ${SRC.doc}`) },
  },
  {
    id: 'ref',
    keywords: ['$ref'],
    rewrite: 'inline the referenced definition',
    facts: {
      // The Google SDKs inline $defs before sending; what the router forwards is unknown.
      google: geminiUndocumented(false, `${SRC.gemini}; marked (?) in ${SRC.doc}`),
      anthropic: {
        treatment: 'rejects',
        confirmed: true,
        detail: 'Anthropic supports only local $ref (#/...)',
        source: SRC.anthropicDocs,
        when: (o) => typeof o.value === 'string' && !o.value.startsWith('#'),
      },
    },
  },
  {
    id: 'recursion',
    keywords: [],
    rewrite: 'unroll the recursion to a fixed depth',
    facts: {
      anthropic: {
        treatment: 'rejects',
        confirmed: true,
        detail: "Anthropic's structured outputs do not support recursive schemas",
        source: SRC.anthropicDocs,
      },
      google: {
        ...geminiUndocumented(false, `${SRC.gemini}; marked (?) in ${SRC.doc}`),
        detail: 'recursion is not in the documented Gemini subset',
      },
    },
  },
  {
    id: 'open-object',
    keywords: [],
    rewrite: 'set additionalProperties: false on every object',
    facts: {
      // Anthropic requires it on every object; whether the router adds it before forwarding is unknown.
      anthropic: {
        treatment: 'rejects',
        confirmed: false,
        detail: 'Anthropic requires additionalProperties: false on every object',
        source: `${SRC.anthropicDocs}; through the router unconfirmed`,
      },
    },
  },
  {
    id: 'additionalProperties',
    keywords: ['additionalProperties'],
    rewrite: 'remove additionalProperties for this step, or use a Gemini 2.5 or later model',
    facts: {
      google: {
        treatment: 'rejects',
        confirmed: false,
        detail: 'Gemini 2.0 and earlier reject additionalProperties ("Unknown name \\"additionalProperties\\"")',
        source: SRC.geminiOld,
        models: /gemini-(1\.|2\.0|pro\b)/,
      },
    },
  },
  {
    id: '$schema',
    keywords: ['$schema'],
    rewrite: 'remove the $schema key (zod-to-json-schema and zodResponseFormat add it)',
    facts: {
      google: {
        treatment: 'rejects',
        confirmed: false,
        detail: 'Gemini rejects an unknown "$schema" field ("Unknown name \\"$schema\\"")',
        source: SRC.geminiSchemaKey,
      },
    },
  },
]

/** A feature of a schema that a family does not take as written. */
export interface PortabilityIssue {
  feature: PortabilityFeature
  fact: PortabilityFact
  occurrence: Occurrence
}

/** Every occurrence of a feature in `schema` that `family` (and `modelId`, for facts about some models) rejects, ignores or does not document. */
export function portabilityIssues(
  schema: Record<string, unknown>,
  family: Family,
  modelId: string,
  basePath = '',
): PortabilityIssue[] {
  const nodes = walkSchema(schema, basePath)
  const issues: PortabilityIssue[] = []
  for (const feature of PORTABILITY_FEATURES) {
    const fact = feature.facts[family]
    if (!fact || (fact.models && !fact.models.test(modelId))) continue
    for (const occurrence of occurrencesOf(feature, nodes)) {
      if (!fact.when || fact.when(occurrence)) issues.push({ feature, fact, occurrence })
    }
  }
  return issues
}

/** The issues a provider of `family` answers with a 400, for the emulator's natural faults. Confirmed facts only. */
export function rejectedFeatures(schema: Record<string, unknown>, family: Family, modelId: string): PortabilityIssue[] {
  return portabilityIssues(schema, family, modelId).filter((i) => i.fact.treatment === 'rejects' && i.fact.confirmed)
}

function occurrencesOf(feature: PortabilityFeature, nodes: SchemaNode[]): Occurrence[] {
  const root = nodes[0]
  if (!root) return []
  if (feature.id === 'recursion') {
    return recursiveRefs(nodes).map((path) => ({ path, keyword: 'the recursive $ref', value: undefined, node: root }))
  }
  if (feature.id === 'open-object') {
    return nodes
      .filter((n) => isObjectSchema(n.schema) && n.schema.additionalProperties !== false)
      .map((node) => ({
        path: jsonPath(['additionalProperties'], node.path),
        keyword: 'an object without additionalProperties: false',
        value: node.schema.additionalProperties,
        node,
      }))
  }
  const found: Occurrence[] = []
  for (const node of nodes) {
    for (const keyword of feature.keywords) {
      if (!(keyword in node.schema)) continue
      // `$schema` only means something at the root; elsewhere a property may be called that.
      if (keyword === '$schema' && !node.isRoot) continue
      found.push({ path: jsonPath([keyword], node.path), keyword, value: node.schema[keyword], node })
    }
  }
  return found
}
