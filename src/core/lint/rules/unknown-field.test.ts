import { describe, expect, it } from 'vitest'
import { validateChatRequest } from '../../emulator/validate.js'
import { PROVIDER_PREFERENCE_KEYS } from '../../catalog/providers.js'
import { CATALOG, findings, invoiceSchema, lint, MESSAGES, request } from '../__fixtures__/lint.js'

const format = { type: 'json_schema', json_schema: { name: 'invoice', strict: true, schema: invoiceSchema() } }

describe('unknown-field', () => {
  it('fails a misspelt response_format: the router ignores it, so the answer is never constrained', () => {
    const req = request({ respons_format: format, provider: { require_parameters: true } })
    expect(findings('unknown-field', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Write response_format instead of respons_format.",
          "message": "request.respons_format is not a chat-completions field, and the router ignores top-level fields it does not know (they are tolerated, not rejected), so response_format is never applied: the answer is never constrained to the format and the contract never checks it. Did you mean response_format?",
          "path": "request.respons_format",
          "rule": "unknown-field",
          "severity": "error",
          "step": null,
        },
      ]
    `)
  })

  it('makes the misspelling the first finding, before the findings of the request it leaves behind', () => {
    const req = request({ respons_format: format })
    expect(lint(req).map((f) => `${f.severity} ${f.rule} ${f.path}`)[0]).toBe(
      'error unknown-field request.respons_format',
    )
  })

  it('names what is lost for a misspelt cascade', () => {
    const req = { model: 'google/gemini-2.5-flash', modles: ['openai/gpt-4.1-mini'], messages: MESSAGES }
    expect(findings('unknown-field', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Write models instead of modles.",
          "message": "request.modles is not a chat-completions field, and the router ignores top-level fields it does not know (they are tolerated, not rejected), so models is never applied: the request has no fallback list and only model is tried, so no fallback is ever tested. Did you mean models?",
          "path": "request.modles",
          "rule": "unknown-field",
          "severity": "error",
          "step": null,
        },
      ]
    `)
  })

  it('catches camelCase and a different case as the field they spell', () => {
    const req = request({ maxTokens: 500, Temperature: 0 })
    expect(findings('unknown-field', req).map((f) => [f.severity, f.path, f.fix])).toEqual([
      ['error', 'request.maxTokens', 'Write max_tokens instead of maxTokens.'],
      ['error', 'request.Temperature', 'Write temperature instead of Temperature.'],
    ])
  })

  it('only warns when the request also sets the field the key misspells', () => {
    const req = request({ max_tokens: 500, maxTokens: 800 })
    expect(findings('unknown-field', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Remove maxTokens: the router reads max_tokens, so put the value you mean there.",
          "message": "request.maxTokens is not a chat-completions field, and the router ignores top-level fields it does not know (they are tolerated, not rejected). The request also sets max_tokens, which the router applies, so the value of maxTokens is never used.",
          "path": "request.maxTokens",
          "rule": "unknown-field",
          "severity": "warning",
          "step": null,
        },
      ]
    `)
  })

  it('fails a provider preference written at the top level', () => {
    const req = request({
      tools: [{ type: 'function', function: { name: 'save_invoice', parameters: invoiceSchema() } }],
      require_parameters: true,
    })
    expect(findings('unknown-field', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Move it into provider: { require_parameters: ... }.",
          "message": "request.require_parameters is a provider preference written at the top level: the router ignores top-level fields it does not know (they are tolerated, not rejected), so provider.require_parameters is never applied.",
          "path": "request.require_parameters",
          "rule": "unknown-field",
          "severity": "error",
          "step": null,
        },
      ]
    `)
  })

  it('only informs about a key that is no near miss: it may be a field newer than the list', () => {
    const req = request({ cache_ttl: 300 })
    expect(findings('unknown-field', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Remove cache_ttl, or leave it if it is a router field newer than the harness's list.",
          "message": "request.cache_ttl is not a chat-completions field the harness knows: the router ignores top-level fields it does not know (they are tolerated, not rejected), so it changes neither the routing nor the answer. It may be a router field newer than the harness's list; lint cannot check it either way.",
          "path": "request.cache_ttl",
          "rule": "unknown-field",
          "severity": "info",
          "step": null,
        },
      ]
    `)
  })

  it('does not take an OpenAI field for a typo of a router field (store is not stop)', () => {
    const req = request({ store: true })
    expect(findings('unknown-field', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Remove store unless a step's provider is known to honour it.",
          "message": "request.store is an OpenAI chat-completions field that the router does not document: it may ignore it or pass it only to providers that take it, and lint does not check it.",
          "path": "request.store",
          "rule": "unknown-field",
          "severity": "info",
          "step": null,
        },
      ]
    `)
  })

  it('fails an unknown provider key with the router own 400 and a did-you-mean', () => {
    const req = request({ provider: { require_parameter: true, orderr: ['deepinfra'] } })
    expect(findings('unknown-field', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Write require_parameters instead of require_parameter.",
          "message": "provider.require_parameter is not a provider preference the router knows, and it validates provider strictly: it answers 400 "Unrecognized key(s) in object: 'require_parameter', 'orderr'" to every request, before trying any model, so nothing falls back. Did you mean require_parameters?",
          "path": "request.provider.require_parameter",
          "rule": "unknown-field",
          "severity": "error",
          "step": null,
        },
        {
          "fix": "Write order instead of orderr.",
          "message": "provider.orderr is not a provider preference the router knows, and it validates provider strictly: it answers 400 "Unrecognized key(s) in object: 'require_parameter', 'orderr'" to every request, before trying any model, so nothing falls back. Did you mean order?",
          "path": "request.provider.orderr",
          "rule": "unknown-field",
          "severity": "error",
          "step": null,
        },
      ]
    `)
  })

  it('lists the provider keys the router knows when an unknown one is no near miss', () => {
    const req = request({ provider: { fallback_mode: 'fast' } })
    expect(findings('unknown-field', req).map((f) => [f.severity, f.path, f.fix])).toMatchInlineSnapshot(`
      [
        [
          "error",
          "request.provider.fallback_mode",
          "Remove fallback_mode from provider (the router knows order, allow_fallbacks, require_parameters, data_collection, zdr, enforce_distillable_text, only, ignore, quantizations, sort, preferred_min_throughput, preferred_max_latency and max_price).",
        ],
      ]
    `)
  })

  it('accepts every documented field and provider preference, and keys set to undefined', () => {
    const req = request({
      model: 'google/gemini-2.5-flash',
      tools: [{ type: 'function', function: { name: 'save_invoice', parameters: invoiceSchema() } }],
      tool_choice: 'auto',
      parallel_tool_calls: false,
      response_format: { type: 'json_object' },
      provider: {
        order: ['google-vertex'],
        allow_fallbacks: true,
        require_parameters: true,
        data_collection: 'deny',
        zdr: false,
        enforce_distillable_text: false,
        only: ['google-vertex'],
        ignore: ['deepinfra'],
        quantizations: ['fp8'],
        sort: 'price',
        preferred_min_throughput: 50,
        preferred_max_latency: { p90: 2 },
        max_price: { prompt: 1, completion: 2 },
      },
      plugins: [{ id: 'response-healing' }],
      session_id: 's-1',
      service_tier: 'auto',
      user: 'u-1',
      debug: { echo_upstream_body: false },
      route: 'fallback',
      stream: false,
      stream_options: { include_usage: true },
      usage: { include: true },
      transforms: ['middle-out'],
      max_tokens: 1_000,
      max_completion_tokens: 1_000,
      temperature: 0,
      top_p: 1,
      top_k: 40,
      min_p: 0,
      top_a: 0,
      frequency_penalty: 0,
      presence_penalty: 0,
      repetition_penalty: 1,
      logit_bias: {},
      logprobs: false,
      top_logprobs: 0,
      prediction: { type: 'content', content: '' },
      seed: 7,
      stop: ['\n\n'],
      reasoning: { effort: 'low' },
      reasoning_effort: 'low',
      include_reasoning: false,
      web_search_options: {},
      verbosity: 'low',
      metadata: { case: 'x' },
      structured_outputs: true,
      modalities: ['text'],
      image_config: {},
      respons_format: undefined,
    })
    expect(findings('unknown-field', req)).toEqual([])
  })

  it('knows the provider keys the emulator accepts, and the emulator rejects the keys it flags', () => {
    const options = { modelCountsTowardLimit: false, availabilityObject: false }
    for (const key of PROVIDER_PREFERENCE_KEYS) {
      expect(validateChatRequest(request({ provider: { [key]: null } }), CATALOG, options).ok, key).toBe(true)
    }
    const flagged = request({ provider: { require_parameter: true } })
    const [finding] = findings('unknown-field', flagged)
    const answer = validateChatRequest(flagged, CATALOG, options)
    expect(answer.ok ? undefined : answer.error.message).toBe("Unrecognized key(s) in object: 'require_parameter'")
    expect(finding?.message).toContain(`"Unrecognized key(s) in object: 'require_parameter'"`)
  })
})
