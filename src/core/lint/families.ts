import type { CatalogModel } from '../types.js'

/**
 * Provider families, for the schema rules (docs/schema-portability.md#families):
 * from the model id's author, with the open-weight models of first-party authors (Gemma, gpt-oss)
 * served by inference providers like any other open-weight model.
 */
export type Family = 'openai' | 'google' | 'anthropic' | 'open-weight' | 'other'

const OPEN_WEIGHT_AUTHORS = new Set([
  'meta-llama', 'mistralai', 'qwen', 'deepseek', 'gryphe', 'nousresearch', 'microsoft', 'nvidia', 'thedrummer', 'sao10k',
  'moonshotai', 'z-ai', 'allenai', 'ibm-granite', 'cognitivecomputations', 'undi95', 'alpindale', 'neversleep', 'mancer',
  'eva-unit-01', 'anthracite-org', 'thudm', 'tngtech', 'arcee-ai', 'tencent', 'stepfun-ai', 'meituan', 'openchat',
  'huggingfaceh4', 'pygmalionai', 'nothingiisreal', 'arliai', 'shisa-ai', 'opengvlab', 'deepcogito', 'inclusionai', 'baidu',
])

export function familyOf(id: string): Family {
  const slash = id.indexOf('/')
  const author = slash > 0 ? id.slice(0, slash).toLowerCase() : ''
  const slug = id.slice(slash + 1).toLowerCase()
  if (author === 'openai') return slug.startsWith('gpt-oss') ? 'open-weight' : 'openai'
  if (author === 'google') return slug.startsWith('gemma') ? 'open-weight' : 'google'
  if (author === 'anthropic') return 'anthropic'
  return OPEN_WEIGHT_AUTHORS.has(author) ? 'open-weight' : 'other'
}

export const FAMILY_LABEL: Record<Family, string> = {
  openai: 'OpenAI',
  google: 'Gemini',
  anthropic: 'Anthropic',
  'open-weight': 'open-weight models (inference providers with grammar engines)',
  other: 'its provider',
}

/**
 * Providers known to serve a first-party family through the router, as display names (the same form as
 * the catalog's `providers` field). From the router's model pages: Claude on Anthropic, Google Vertex and
 * Amazon Bedrock; GPT on OpenAI and Azure; Gemini on Google Vertex and Google AI Studio; Grok on xAI.
 * Open-weight models have too many hosts to guess: without a `providers` field lint says nothing.
 */
const FAMILY_PROVIDERS: Record<string, string[]> = {
  openai: ['OpenAI', 'Azure'],
  anthropic: ['Anthropic', 'Google Vertex', 'Amazon Bedrock'],
  google: ['Google Vertex', 'Google AI Studio'],
  'x-ai': ['xAI'],
}

/** The providers that serve a step, and where that knowledge comes from; undefined when unknown. */
export function providersOf(id: string, model: CatalogModel | undefined): { names: string[]; from: 'catalog' | 'family' } | undefined {
  if (model?.providers && model.providers.length > 0) return { names: model.providers, from: 'catalog' }
  const family = familyOf(id)
  const author = id.slice(0, Math.max(0, id.indexOf('/'))).toLowerCase()
  const names = family === 'open-weight' || family === 'other' ? FAMILY_PROVIDERS[author] : FAMILY_PROVIDERS[family]
  return names ? { names, from: 'family' } : undefined
}

/** `Google Vertex` and `google-vertex/us-east5` both → `google-vertex`: how `provider.order` entries match. */
export function providerSlug(name: string): string {
  return name.trim().toLowerCase().split('/')[0]!.replace(/[\s_.]+/g, '-')
}
