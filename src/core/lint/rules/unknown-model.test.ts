import { describe, expect, it } from 'vitest'
import { BUILT_IN_SAMPLE, findings, request } from '../__fixtures__/lint.js'

describe('unknown-model', () => {
  it('suggests the dotted Claude id for the dashed one', () => {
    const req = request({ models: ['google/gemini-2.5-flash', 'anthropic/claude-sonnet-4-5'] })
    expect(findings('unknown-model', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Write anthropic/claude-sonnet-4.5.",
          "message": "step 2, anthropic/claude-sonnet-4-5, is not in the catalog: the router answers 400 "anthropic/claude-sonnet-4-5 is not a valid model ID" (whether it then skips the step or fails the whole request is not documented). Did you mean anthropic/claude-sonnet-4.5?",
          "path": "request.models[1]",
          "rule": "unknown-model",
          "severity": "error",
          "step": 1,
        },
      ]
    `)
  })

  it('says when a free variant does not exist although the paid model does', () => {
    const req = request({ models: ['openai/gpt-4.1-mini', 'openai/gpt-4o:free'] })
    expect(findings('unknown-model', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Write openai/gpt-4o, or pick a model whose :free variant the catalog lists.",
          "message": "step 2, openai/gpt-4o:free, has no free variant in the catalog (openai/gpt-4o is listed): the router answers it 404 "No endpoints found for openai/gpt-4o:free." and moves on to the next model, so this step is skipped and never serves.",
          "path": "request.models[1]",
          "rule": "unknown-model",
          "severity": "warning",
          "step": 1,
        },
      ]
    `)
  })

  it('points at catalog pull when nothing is close', () => {
    const req = request({ models: ['openai/gpt-4.1-mini', 'qwen/qwen3-coder-plus-2027'] })
    expect(findings('unknown-model', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Use an id from the catalog, or run cascade-harness catalog pull if the model is newer than the snapshot.",
          "message": "step 2, qwen/qwen3-coder-plus-2027, is not in the catalog: the router answers 400 "qwen/qwen3-coder-plus-2027 is not a valid model ID" (whether it then skips the step or fails the whole request is not documented).",
          "path": "request.models[1]",
          "rule": "unknown-model",
          "severity": "error",
          "step": 1,
        },
      ]
    `)
  })

  it('is only a warning against the built-in catalog, which lists a few models', () => {
    const req = request({ models: ['openai/gpt-4.1-mini', 'qwen/qwen3-coder-plus-2027'] })
    expect(findings('unknown-model', req, { catalog: BUILT_IN_SAMPLE })).toMatchInlineSnapshot(`
      [
        {
          "fix": "Run cascade-harness catalog pull to lint against the router's full model list.",
          "message": "step 2, qwen/qwen3-coder-plus-2027, is not in the built-in catalog: the router answers 400 "qwen/qwen3-coder-plus-2027 is not a valid model ID" (whether it then skips the step or fails the whole request is not documented). The built-in catalog lists only a few models, so the id may be real.",
          "path": "request.models[1]",
          "rule": "unknown-model",
          "severity": "warning",
          "step": 1,
        },
      ]
    `)
  })

  it('is an error against the built-in catalog too when the id is a near miss of a listed one', () => {
    const req = request({ models: ['openai/gpt-4.1-mini', 'anthropic/claude-sonnet-4-5'] })
    const [finding] = findings('unknown-model', req, { catalog: BUILT_IN_SAMPLE })
    expect(finding).toMatchObject({ severity: 'error', fix: 'Write anthropic/claude-sonnet-4.5.' })
    expect(finding?.message).not.toContain('may be real')
  })

  it('accepts catalog ids, routing variants of them, and ids the router resolves itself', () => {
    const req = request({
      model: 'openai/gpt-4.1-mini:nitro',
      models: ['google/gemini-2.5-flash', '~anthropic/claude-sonnet-latest', 'openrouter/auto'],
    })
    expect(findings('unknown-model', req)).toEqual([])
  })

  it('leaves ids that are not router ids to foreign-model-id', () => {
    const req = request({ models: ['google/gemini-2.5-flash', 'ollama/llama3.1:8b'] })
    expect(findings('unknown-model', req)).toEqual([])
  })
})
