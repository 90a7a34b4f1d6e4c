import { describe, expect, it } from 'vitest'
import { resolvePlanKeys, unknownStepKeys } from './plan-keys.js'

const steps = ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini', '@preset/house-style']

describe('plan keys', () => {
  it('accepts step indexes, model ids and either with @Provider, splitting the provider at the last @', () => {
    expect(
      unknownStepKeys(
        [
          '0',
          '2',
          'openai/gpt-4.1-mini',
          'openai/gpt-4.1-mini@Azure',
          '1@OpenAI',
          '@preset/house-style',
          '@preset/house-style@Groq',
        ],
        steps,
      ),
    ).toEqual([])
  })

  it('names a key that is no step, with the corrected key when a model id is close', () => {
    expect(unknownStepKeys(['openai/gpt-4.1-mimi@Azure', '7'], steps)).toEqual([
      {
        key: 'openai/gpt-4.1-mimi@Azure',
        step: 'openai/gpt-4.1-mimi',
        closestStep: 'openai/gpt-4.1-mini',
        suggestion: 'openai/gpt-4.1-mini@Azure',
      },
      { key: '7', step: '7', closestStep: undefined, suggestion: undefined },
    ])
  })
})

describe('resolvePlanKeys', () => {
  it('rewrites index keys (with or without a provider) to the cascade model ids; a model-id key wins over an index key', () => {
    const plan = {
      id: 'p',
      at: {
        '0': 'rate_limit',
        '1@OpenAI': ['timeout'],
        'openai/gpt-4.1-mini': 'downtime',
        '2': 'refusal',
        '1': 'no_endpoint',
        '9': 'x',
      },
    }
    expect(resolvePlanKeys(plan, steps).at).toEqual({
      'google/gemini-2.5-flash': 'rate_limit',
      'openai/gpt-4.1-mini@OpenAI': ['timeout'],
      'openai/gpt-4.1-mini': 'downtime',
      '@preset/house-style': 'refusal',
      '9': 'x',
    })
  })
})
