/**
 * The provider family of a model: which API dialect answers it, so which JSON Schema subset applies
 * (docs/schema-portability.md#families) and which native finish reasons come back
 * (docs/router-behaviour.md §3). One definition for lint, the emulator and the answer quirks.
 *
 * From the model id's author, with the open-weight models of first-party authors (Gemma, gpt-oss)
 * served by inference providers like any other open-weight model. A leading `~` (the router's
 * `~author/x-latest` aliases) names the same author.
 */
export type Family = 'openai' | 'google' | 'anthropic' | 'open-weight' | 'other'

const OPEN_WEIGHT_AUTHORS = new Set([
  'meta-llama',
  'mistralai',
  'qwen',
  'deepseek',
  'gryphe',
  'nousresearch',
  'microsoft',
  'nvidia',
  'thedrummer',
  'sao10k',
  'moonshotai',
  'z-ai',
  'allenai',
  'ibm-granite',
  'cognitivecomputations',
  'undi95',
  'alpindale',
  'neversleep',
  'mancer',
  'eva-unit-01',
  'anthracite-org',
  'thudm',
  'tngtech',
  'arcee-ai',
  'tencent',
  'stepfun-ai',
  'meituan',
  'openchat',
  'huggingfaceh4',
  'pygmalionai',
  'nothingiisreal',
  'arliai',
  'shisa-ai',
  'opengvlab',
  'deepcogito',
  'inclusionai',
  'baidu',
])

/** `anthropic/claude-sonnet-4.5` → `anthropic`; `~google/gemini-flash-latest` → `google`; '' without an author. */
export function authorOf(id: string): string {
  const bare = id.startsWith('~') ? id.slice(1) : id
  const slash = bare.indexOf('/')
  return slash > 0 ? bare.slice(0, slash).toLowerCase() : ''
}

export function familyOf(id: string): Family {
  const author = authorOf(id)
  const slug = id.slice(id.indexOf('/') + 1).toLowerCase()
  if (author === 'openai') return slug.startsWith('gpt-oss') ? 'open-weight' : 'openai'
  if (author === 'google') return slug.startsWith('gemma') ? 'open-weight' : 'google'
  if (author === 'anthropic') return 'anthropic'
  return OPEN_WEIGHT_AUTHORS.has(author) ? 'open-weight' : 'other'
}
