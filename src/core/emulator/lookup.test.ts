import { describe, expect, it } from 'vitest'
import { BUILTIN_CATALOG } from '../catalog/builtin.js'
import { familyOf } from '../catalog/families.js'
import { findModel } from '../catalog/lookup.js'
import { providerMatches, providersOf } from '../catalog/providers.js'

describe('catalog lookup', () => {
  it('finds a model by id and a routing variant by its base model, but not a missing :free variant', () => {
    expect(findModel(BUILTIN_CATALOG, 'openai/gpt-4.1')?.canonical_slug).toBe('openai/gpt-4.1-2025-04-14')
    expect(findModel(BUILTIN_CATALOG, 'openai/gpt-4.1:nitro')?.id).toBe('openai/gpt-4.1')
    expect(findModel(BUILTIN_CATALOG, 'openai/gpt-4.1:free')).toBeUndefined()
    expect(findModel(BUILTIN_CATALOG, 'anthropic/claude-sonnet-4-5')).toBeUndefined()
  })

  it("gives catalog providers first, else the author's usual ones, else one named after the author", () => {
    expect(providersOf(findModel(BUILTIN_CATALOG, 'anthropic/claude-haiku-4.5')!)).toEqual({
      names: ['Anthropic', 'Amazon Bedrock', 'Google Vertex'],
      from: 'catalog',
    })
    const pulled = { ...findModel(BUILTIN_CATALOG, 'openai/gpt-4.1')!, providers: undefined, endpoints: undefined }
    expect(providersOf(pulled)).toEqual({ names: ['OpenAI', 'Azure'], from: 'author' })
    expect(providersOf({ ...pulled, id: 'x-ai/grok-4' })).toEqual({ names: ['xAI'], from: 'author' })
    expect(providersOf({ ...pulled, id: 'qwen/qwen3-32b' })).toEqual({ names: ['Qwen'], from: 'guess' })
    expect(familyOf('meta-llama/llama-3.3-70b-instruct')).toBe('open-weight')
    expect(familyOf('google/gemma-3-27b-it')).toBe('open-weight')
    expect(familyOf('~anthropic/claude-sonnet-latest')).toBe('anthropic')
  })

  it('matches provider preferences by slug, display name or base slug', () => {
    expect(providerMatches('google-vertex', 'Google Vertex')).toBe(true)
    expect(providerMatches('Amazon Bedrock', 'Amazon Bedrock')).toBe(true)
    expect(providerMatches('google-vertex', 'google-vertex/us-east5')).toBe(true)
    expect(providerMatches('google', 'Google Vertex')).toBe(false)
  })

  it('ships the facts the natural faults depend on', () => {
    const mythomax = findModel(BUILTIN_CATALOG, 'gryphe/mythomax-l2-13b:free')!
    expect(mythomax.context_length).toBe(4096)
    expect(mythomax.supported_parameters).not.toContain('tools')
    expect(mythomax.supported_parameters).not.toContain('response_format')
    const moderated = BUILTIN_CATALOG.models.filter((m) => m.top_provider.is_moderated).map((m) => m.id.split('/')[0])
    expect(new Set(moderated)).toEqual(new Set(['openai', 'anthropic']))
  })
})
