import type { Catalog, CatalogModel } from '../types.js'

/**
 * The small catalog the harness uses when the project has no `.cascade/catalog.json`.
 *
 * Hand-written as of 2026-11 in the OpenRouter `GET /api/v1/models` shape (docs/router-behaviour.md §6.1): context
 * lengths, per-token prices (USD, strings), supported parameters and moderation are our best reading
 * of the live list at that date, not a copy of it. `cascade-harness catalog pull` writes the real list,
 * which replaces this one entirely; reports say which one served.
 *
 * `providers` is ours, not OpenRouter's: the display names of the providers serving each model (the
 * first is the default route), which the emulator needs for provider-level fallback and the
 * `provider` field of a success body.
 *
 * `endpoints` (ours too, in the shape of the router's endpoints API) holds only facts we can state:
 * the router gives closed-weight models' endpoints the quantization `unknown`. Open-weight endpoints'
 * quantizations, per-endpoint prices and data policies (ZDR, training) change often and are left out,
 * so the provider filters cannot remove those endpoints (src/core/emulator/README.md, "Provider filters");
 * `catalog pull --endpoints` writes the real ones.
 */

const TEXT_IMAGE = {
  modality: 'text+image->text',
  input_modalities: ['text', 'image'],
  output_modalities: ['text'],
  instruct_type: null,
}
const TEXT_ONLY = {
  modality: 'text->text',
  input_modalities: ['text'],
  output_modalities: ['text'],
  instruct_type: null,
}

/** What OpenAI models accept through OpenRouter. */
const OPENAI_PARAMETERS = [
  'frequency_penalty',
  'logit_bias',
  'logprobs',
  'max_tokens',
  'presence_penalty',
  'response_format',
  'seed',
  'stop',
  'structured_outputs',
  'temperature',
  'tool_choice',
  'tools',
  'top_logprobs',
  'top_p',
]
const ANTHROPIC_PARAMETERS = [
  'include_reasoning',
  'max_tokens',
  'reasoning',
  'response_format',
  'stop',
  'structured_outputs',
  'temperature',
  'tool_choice',
  'tools',
  'top_k',
  'top_p',
]
const GEMINI_PARAMETERS = [
  'include_reasoning',
  'max_tokens',
  'reasoning',
  'response_format',
  'seed',
  'stop',
  'structured_outputs',
  'temperature',
  'tool_choice',
  'tools',
  'top_p',
]

/** The endpoints of a closed-weight model: one per provider, quantization `unknown` as the router reports it. */
function closedWeights(providers: string[]): Pick<CatalogModel, 'providers' | 'endpoints'> {
  return { providers, endpoints: providers.map((provider_name) => ({ provider_name, quantization: 'unknown' })) }
}

/** Adds the fields every entry has the same way (`per_request_limits`, `links`). */
function model(entry: CatalogModel): CatalogModel {
  return {
    ...entry,
    per_request_limits: null,
    links: { details: `/api/v1/models/${entry.id.replace(/:.*$/, '')}/endpoints` },
  }
}

export const BUILTIN_CATALOG: Catalog = {
  source: 'built-in',
  models: [
    model({
      id: 'google/gemini-2.5-flash',
      canonical_slug: 'google/gemini-2.5-flash',
      name: 'Google: Gemini 2.5 Flash',
      created: 1750172488,
      context_length: 1048576,
      architecture: { ...TEXT_IMAGE, tokenizer: 'Gemini' },
      pricing: { prompt: '0.0000003', completion: '0.0000025', request: '0' },
      top_provider: { context_length: 1048576, max_completion_tokens: 65535, is_moderated: false },
      supported_parameters: GEMINI_PARAMETERS,
      ...closedWeights(['Google Vertex', 'Google AI Studio']),
    }),
    model({
      id: 'google/gemini-2.5-pro',
      canonical_slug: 'google/gemini-2.5-pro',
      name: 'Google: Gemini 2.5 Pro',
      created: 1750169544,
      context_length: 1048576,
      architecture: { ...TEXT_IMAGE, tokenizer: 'Gemini' },
      pricing: { prompt: '0.00000125', completion: '0.00001', request: '0' },
      top_provider: { context_length: 1048576, max_completion_tokens: 65536, is_moderated: false },
      supported_parameters: GEMINI_PARAMETERS,
      ...closedWeights(['Google Vertex', 'Google AI Studio']),
    }),
    model({
      id: 'openai/gpt-4.1-mini',
      canonical_slug: 'openai/gpt-4.1-mini-2025-04-14',
      name: 'OpenAI: GPT-4.1 Mini',
      created: 1744651381,
      context_length: 1047576,
      architecture: { ...TEXT_IMAGE, tokenizer: 'GPT' },
      pricing: { prompt: '0.0000004', completion: '0.0000016', request: '0' },
      top_provider: { context_length: 1047576, max_completion_tokens: 32768, is_moderated: true },
      supported_parameters: OPENAI_PARAMETERS,
      ...closedWeights(['OpenAI', 'Azure']),
    }),
    model({
      id: 'openai/gpt-4.1',
      canonical_slug: 'openai/gpt-4.1-2025-04-14',
      name: 'OpenAI: GPT-4.1',
      created: 1744651385,
      context_length: 1047576,
      architecture: { ...TEXT_IMAGE, tokenizer: 'GPT' },
      pricing: { prompt: '0.000002', completion: '0.000008', request: '0' },
      top_provider: { context_length: 1047576, max_completion_tokens: 32768, is_moderated: true },
      supported_parameters: OPENAI_PARAMETERS,
      ...closedWeights(['OpenAI', 'Azure']),
    }),
    model({
      id: 'openai/gpt-4o-mini',
      canonical_slug: 'openai/gpt-4o-mini-2024-07-18',
      name: 'OpenAI: GPT-4o-mini',
      created: 1721260800,
      context_length: 128000,
      architecture: { ...TEXT_IMAGE, tokenizer: 'GPT' },
      pricing: { prompt: '0.00000015', completion: '0.0000006', request: '0' },
      top_provider: { context_length: 128000, max_completion_tokens: 16384, is_moderated: true },
      supported_parameters: OPENAI_PARAMETERS,
      ...closedWeights(['OpenAI', 'Azure']),
    }),
    model({
      id: 'anthropic/claude-sonnet-4.5',
      canonical_slug: 'anthropic/claude-4.5-sonnet-20250929',
      name: 'Anthropic: Claude Sonnet 4.5',
      created: 1759161676,
      context_length: 1000000,
      architecture: { ...TEXT_IMAGE, tokenizer: 'Claude' },
      pricing: { prompt: '0.000003', completion: '0.000015', request: '0' },
      top_provider: { context_length: 1000000, max_completion_tokens: 64000, is_moderated: true },
      supported_parameters: ANTHROPIC_PARAMETERS,
      ...closedWeights(['Anthropic', 'Amazon Bedrock', 'Google Vertex']),
    }),
    model({
      id: 'anthropic/claude-haiku-4.5',
      canonical_slug: 'anthropic/claude-4.5-haiku-20251001',
      name: 'Anthropic: Claude Haiku 4.5',
      created: 1760547638,
      context_length: 200000,
      architecture: { ...TEXT_IMAGE, tokenizer: 'Claude' },
      pricing: { prompt: '0.000001', completion: '0.000005', request: '0' },
      top_provider: { context_length: 200000, max_completion_tokens: 64000, is_moderated: true },
      supported_parameters: ANTHROPIC_PARAMETERS,
      ...closedWeights(['Anthropic', 'Amazon Bedrock', 'Google Vertex']),
    }),
    model({
      id: 'meta-llama/llama-3.3-70b-instruct',
      canonical_slug: 'meta-llama/llama-3.3-70b-instruct',
      name: 'Meta: Llama 3.3 70B Instruct',
      created: 1733506137,
      context_length: 131072,
      architecture: { ...TEXT_ONLY, tokenizer: 'Llama3' },
      pricing: { prompt: '0.00000013', completion: '0.00000039', request: '0' },
      top_provider: { context_length: 131072, max_completion_tokens: 16384, is_moderated: false },
      supported_parameters: [
        'frequency_penalty',
        'max_tokens',
        'min_p',
        'presence_penalty',
        'repetition_penalty',
        'response_format',
        'seed',
        'stop',
        'structured_outputs',
        'temperature',
        'tool_choice',
        'tools',
        'top_k',
        'top_p',
      ],
      providers: ['DeepInfra', 'Together', 'Fireworks'],
    }),
    model({
      id: 'mistralai/mistral-small-3.2-24b-instruct',
      canonical_slug: 'mistralai/mistral-small-3.2-24b-instruct-2506',
      name: 'Mistral: Mistral Small 3.2 24B',
      created: 1750443016,
      context_length: 131072,
      architecture: { ...TEXT_IMAGE, tokenizer: 'Mistral' },
      pricing: { prompt: '0.00000006', completion: '0.00000018', request: '0' },
      top_provider: { context_length: 131072, max_completion_tokens: 131072, is_moderated: false },
      supported_parameters: [
        'frequency_penalty',
        'max_tokens',
        'presence_penalty',
        'response_format',
        'seed',
        'stop',
        'structured_outputs',
        'temperature',
        'tool_choice',
        'tools',
        'top_p',
      ],
      providers: ['Mistral', 'DeepInfra'],
    }),
    // A free model without tools or response_format and a 4k window: the natural faults of a cascade's last resort.
    model({
      id: 'gryphe/mythomax-l2-13b:free',
      canonical_slug: 'gryphe/mythomax-l2-13b',
      name: 'MythoMax 13B (free)',
      created: 1688256000,
      context_length: 4096,
      architecture: { ...TEXT_ONLY, tokenizer: 'Llama2', instruct_type: 'alpaca' },
      pricing: { prompt: '0', completion: '0', request: '0' },
      top_provider: { context_length: 4096, max_completion_tokens: 4096, is_moderated: false },
      supported_parameters: [
        'frequency_penalty',
        'max_tokens',
        'min_p',
        'presence_penalty',
        'repetition_penalty',
        'seed',
        'stop',
        'temperature',
        'top_k',
        'top_p',
      ],
      providers: ['DeepInfra'],
    }),
  ],
}

/** Whether a catalog is the built-in sample (by its source, so a copy of it counts too). */
export function isBuiltInCatalog(catalog: Catalog): boolean {
  return catalog.source === BUILTIN_CATALOG.source
}
