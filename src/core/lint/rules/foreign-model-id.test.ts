import { describe, expect, it } from 'vitest'
import { findings, request } from '../__fixtures__/lint.js'

describe('foreign-model-id', () => {
  it('flags a local Ollama model: the router cannot reach it', () => {
    const req = request({ models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini', 'ollama/llama3.1:8b'] })
    expect(findings('foreign-model-id', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Remove it from the cascade and call that model from a client-side stage after the router request fails (for example Ollama's OpenAI-compatible endpoint).",
          "message": "step 3, ollama/llama3.1:8b, is an Ollama model on your machine. The router runs in the cloud and cannot reach it: it answers 400 "ollama/llama3.1:8b is not a valid model ID".",
          "path": "request.models[2]",
          "rule": "foreign-model-id",
          "severity": "error",
          "step": 2,
        },
      ]
    `)
  })

  it('flags a bare provider model name and suggests the router id', () => {
    const req = request({ models: ['gpt-4o', 'google/gemini-2.5-flash'] })
    expect(findings('foreign-model-id', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Write openai/gpt-4o.",
          "message": "step 1, gpt-4o, has no author prefix: router ids are author/slug, and the router answers 400 "gpt-4o is not a valid model ID".",
          "path": "request.models[0]",
          "rule": "foreign-model-id",
          "severity": "error",
          "step": 0,
        },
      ]
    `)
  })

  it('flags an Ollama tag without an author', () => {
    const req = request({ models: ['google/gemini-2.5-flash', 'llama3.1:8b'] })
    expect(findings('foreign-model-id', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Write the router's author/slug id from the catalog, or remove it from the cascade and call that model from a client-side stage after the router request fails.",
          "message": "step 2, llama3.1:8b, has no author prefix (it looks like an Ollama tag): router ids are author/slug, and the router answers 400 "llama3.1:8b is not a valid model ID".",
          "path": "request.models[1]",
          "rule": "foreign-model-id",
          "severity": "error",
          "step": 1,
        },
      ]
    `)
  })

  it('flags an address', () => {
    const req = request({ models: ['google/gemini-2.5-flash', 'http://localhost:11434/v1'] })
    expect(findings('foreign-model-id', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Remove it from the cascade and call that model from a client-side stage after the router request fails.",
          "message": "step 2, http://localhost:11434/v1, is an address, not a model id. The router cannot reach a local or private server: it answers 400 "http://localhost:11434/v1 is not a valid model ID".",
          "path": "request.models[1]",
          "rule": "foreign-model-id",
          "severity": "error",
          "step": 1,
        },
      ]
    `)
  })

  it("flags another gateway's prefix and gives the router id", () => {
    const req = request({ models: ['gemini/gemini-2.5-flash', 'openrouter/openai/gpt-4.1-mini'] })
    expect(findings('foreign-model-id', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Write the router's id, google/gemini-2.5-flash.",
          "message": "step 1, gemini/gemini-2.5-flash, is written for the Gemini API, not for this router, which answers 400 "gemini/gemini-2.5-flash is not a valid model ID".",
          "path": "request.models[0]",
          "rule": "foreign-model-id",
          "severity": "error",
          "step": 0,
        },
        {
          "fix": "Write the router's id, openai/gpt-4.1-mini.",
          "message": "step 2, openrouter/openai/gpt-4.1-mini, is written for LiteLLM, not for this router, which answers 400 "openrouter/openai/gpt-4.1-mini is not a valid model ID".",
          "path": "request.models[1]",
          "rule": "foreign-model-id",
          "severity": "error",
          "step": 1,
        },
      ]
    `)
  })

  it('flags an author no model of a full catalog comes from', () => {
    const req = request({ models: ['google/gemini-2.5-flash', 'my-company/finetune-v3'] })
    expect(findings('foreign-model-id', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Use an id from the catalog, or remove it from the cascade and call that model from a client-side stage after the router request fails.",
          "message": "step 2, my-company/finetune-v3: no model in the catalog comes from "my-company", so this is not a router id, and the router answers 400 "my-company/finetune-v3 is not a valid model ID".",
          "path": "request.models[1]",
          "rule": "foreign-model-id",
          "severity": "error",
          "step": 1,
        },
      ]
    `)
  })

  it('accepts router ids, known or not', () => {
    const req = request({ models: ['google/gemini-2.5-flash', 'anthropic/claude-sonnet-4-5', 'openrouter/auto'] })
    expect(findings('foreign-model-id', req)).toEqual([])
  })
})
