import type { Catalog, CatalogModel } from '../types.js'
import { isBuiltInCatalog } from '../catalog/builtin.js'
import { didYouMean } from '../did-you-mean.js'
import { catalogAuthors, catalogIds, findModel, isRouterAlias, splitVariant } from './catalog-lookup.js'

/**
 * Authors the router serves (the `author/` of OpenRouter model ids, from its model list), so that a
 * small catalog (the built-in one) does not make every real author look foreign. The catalog's own
 * authors are added to this list at lint time.
 */
const ROUTER_AUTHORS = new Set([
  'openai',
  'anthropic',
  'google',
  'meta-llama',
  'mistralai',
  'qwen',
  'deepseek',
  'x-ai',
  'cohere',
  'amazon',
  'microsoft',
  'nvidia',
  'perplexity',
  'gryphe',
  'nousresearch',
  'moonshotai',
  'z-ai',
  'minimax',
  'ai21',
  'inflection',
  'liquid',
  'thedrummer',
  'sao10k',
  'openrouter',
  'baidu',
  'tencent',
  'bytedance',
  'bytedance-seed',
  'inception',
  'arcee-ai',
  'allenai',
  'ibm-granite',
  'morph',
  'switchpoint',
  'thudm',
  'tngtech',
  'undi95',
  'alpindale',
  'anthracite-org',
  'neversleep',
  'eva-unit-01',
  'mancer',
  'cognitivecomputations',
  'aion-labs',
  'agentica-org',
  'stepfun-ai',
  'rekaai',
  'shisa-ai',
  'opengvlab',
  'meituan',
  'kwaipilot',
  'relace',
  'deepcogito',
  'alibaba',
  'xiaomi',
  'arliai',
  'openchat',
  'huggingfaceh4',
  'pygmalionai',
  'nothingiisreal',
  'inclusionai',
])

/** Local runtimes: a router in the cloud can never reach them (`ollama/llama3.1:8b`, `lmstudio/...`). */
const LOCAL_RUNTIMES: Record<string, string> = {
  ollama: 'Ollama',
  ollama_chat: 'Ollama',
  lmstudio: 'LM Studio',
  'lm-studio': 'LM Studio',
  lm_studio: 'LM Studio',
  llamacpp: 'llama.cpp',
  'llama.cpp': 'llama.cpp',
  'llama-cpp': 'llama.cpp',
  llamafile: 'llamafile',
  localai: 'LocalAI',
  local: 'a local server',
  localhost: 'a local server',
  vllm: 'vLLM',
  hosted_vllm: 'vLLM',
  tgi: 'TGI',
  gpt4all: 'GPT4All',
  jan: 'Jan',
  koboldcpp: 'KoboldCpp',
  mlx: 'MLX',
  'text-generation-webui': 'text-generation-webui',
}

/** Prefixes other gateways put before a model name (LiteLLM's `gemini/`, `azure/`, `bedrock/` ...). */
const GATEWAY_PREFIXES: Record<string, string> = {
  azure: 'Azure',
  azure_ai: 'Azure AI',
  bedrock: 'Amazon Bedrock',
  vertex_ai: 'Vertex AI',
  vertex_ai_beta: 'Vertex AI',
  gemini: 'the Gemini API',
  groq: 'Groq',
  together_ai: 'Together AI',
  fireworks_ai: 'Fireworks',
  huggingface: 'Hugging Face',
  replicate: 'Replicate',
  sagemaker: 'SageMaker',
  watsonx: 'watsonx',
  cloudflare: 'Cloudflare',
  deepinfra: 'DeepInfra',
  anyscale: 'Anyscale',
  cerebras: 'Cerebras',
  sambanova: 'SambaNova',
  ai: 'Docker Model Runner',
}

export type ModelIdKind =
  | { kind: 'known'; model: CatalogModel }
  | { kind: 'router-alias' }
  /** Shaped like a router id, but the catalog does not list it. */
  | { kind: 'unknown'; suggestion: string | undefined; freeVariantOf: string | undefined }
  /** Not a router id at all: the router cannot serve it whatever the catalog says. */
  | {
      kind: 'foreign'
      reason: 'no-author' | 'local' | 'address' | 'gateway' | 'unknown-author'
      runtime?: string
      suggestion: string | undefined
    }

/** Sorts a cascade id into what the router will make of it. */
export function classifyModelId(id: string, catalog: Catalog): ModelIdKind {
  const model = findModel(catalog, id)
  if (model) return { kind: 'known', model }
  if (isRouterAlias(id)) return { kind: 'router-alias' }
  const ids = catalogIds(catalog)
  if (/:\/\/|^localhost\b|^\d{1,3}(\.\d{1,3}){3}\b|^\[?::1\]?/.test(id))
    return { kind: 'foreign', reason: 'address', suggestion: undefined }
  const slash = id.indexOf('/')
  if (slash <= 0)
    return {
      kind: 'foreign',
      reason: 'no-author',
      runtime: /:[\w.-]+$/.test(id) ? 'Ollama' : undefined,
      suggestion: bySlug(id, ids),
    }
  const author = id.slice(0, slash).toLowerCase()
  const rest = id.slice(slash + 1)
  const local = LOCAL_RUNTIMES[author]
  if (local) return { kind: 'foreign', reason: 'local', runtime: local, suggestion: undefined }
  // LiteLLM-style `openrouter/openai/gpt-4o`: the router's own id is what follows the prefix.
  if (author === 'openrouter' && rest.includes('/'))
    return {
      kind: 'foreign',
      reason: 'gateway',
      runtime: 'LiteLLM',
      suggestion: findModel(catalog, rest) ? rest : didYouMean(rest, ids),
    }
  const gateway = GATEWAY_PREFIXES[author]
  if (gateway && !catalogAuthors(catalog).has(author))
    return { kind: 'foreign', reason: 'gateway', runtime: gateway, suggestion: bySlug(rest, ids) }
  const suggestion = didYouMean(id, ids)
  const { base, variant } = splitVariant(id)
  const freeVariantOf = variant === 'free' && findModel(catalog, base) ? base : undefined
  if (suggestion || freeVariantOf || ROUTER_AUTHORS.has(author) || catalogAuthors(catalog).has(author)) {
    return { kind: 'unknown', suggestion: freeVariantOf ? undefined : suggestion, freeVariantOf }
  }
  // A full catalog knows every author; the built-in sample does not, so an odd author is only "unknown" there.
  if (isBuiltInCatalog(catalog)) return { kind: 'unknown', suggestion: undefined, freeVariantOf: undefined }
  return { kind: 'foreign', reason: 'unknown-author', suggestion: undefined }
}

/** `gpt-4o` → `openai/gpt-4o`: the catalog id whose part after the author is closest to `name`. */
function bySlug(name: string, ids: string[]): string | undefined {
  const bySlugName = new Map<string, string>()
  for (const id of ids) {
    const slug = id.slice(id.indexOf('/') + 1)
    if (!bySlugName.has(slug)) bySlugName.set(slug, id)
  }
  const slug = didYouMean(name.replace(/:[\w.-]+$/, ''), bySlugName.keys())
  return slug === undefined ? undefined : bySlugName.get(slug)
}
