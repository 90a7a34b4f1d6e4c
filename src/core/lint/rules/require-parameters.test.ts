import { describe, expect, it } from 'vitest'
import { findings, invoiceSchema, request } from '../__fixtures__/lint.js'

const tools = [{ type: 'function' as const, function: { name: 'save_invoice', parameters: invoiceSchema() } }]

describe('require-parameters', () => {
  it('warns when tools go out without provider.require_parameters', () => {
    expect(findings('require-parameters', request({ tools }))).toMatchInlineSnapshot(`
      [
        {
          "fix": "Set provider: { require_parameters: true } so the router only picks providers that support every parameter, and falls back when none does.",
          "message": "The request sends tools without provider.require_parameters: true: a provider that does not support it receives the request without it and answers in free text with status 200, so no fallback happens and the app gets an answer it cannot use.",
          "path": "request.provider.require_parameters",
          "rule": "require-parameters",
          "severity": "warning",
          "step": null,
        },
      ]
    `)
  })

  it('warns when require_parameters is explicitly false', () => {
    const req = request({ response_format: { type: 'json_object' }, provider: { require_parameters: false } })
    expect(findings('require-parameters', req)).toMatchInlineSnapshot(`
      [
        {
          "fix": "Set provider: { require_parameters: true } so the router only picks providers that support every parameter, and falls back when none does.",
          "message": "The request sends response_format with provider.require_parameters: false: a provider that does not support it receives the request without it and answers in free text with status 200, so no fallback happens and the app gets an answer it cannot use.",
          "path": "request.provider.require_parameters",
          "rule": "require-parameters",
          "severity": "warning",
          "step": null,
        },
      ]
    `)
  })

  it('says nothing when require_parameters is true', () => {
    expect(findings('require-parameters', request({ tools, provider: { require_parameters: true } }))).toEqual([])
  })

  it('says nothing for a plain-text request', () => {
    expect(findings('require-parameters', request({ response_format: { type: 'text' } }))).toEqual([])
  })
})
