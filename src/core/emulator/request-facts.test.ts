import { describe, expect, it } from 'vitest'
import { BUILTIN_CATALOG } from '../catalog/builtin.js'
import type { Catalog } from '../types.js'
import { emulator, GPT_41_MINI, HELLO, MYTHOMAX_FREE, send } from './test-support.js'

// The emulator keeps each step's natural facts per request text (request-facts.ts): the same body sent
// again must still be decided by the options and the catalog of the emulator that receives it.
const BODY = {
  model: MYTHOMAX_FREE,
  messages: HELLO,
  tools: [{ type: 'function', function: { name: 'save_invoice', parameters: { type: 'object' } } }],
}

describe('the same request text under other options or another catalog', () => {
  it('is answered by the options of the emulator that receives it, in either order', async () => {
    for (const order of [
      ['404', 'ignore', '404'],
      ['ignore', '404', 'ignore'],
    ] as const) {
      for (const unsupportedParameter of order) {
        const answered = await send(emulator({}, { options: { unsupportedParameter } }), BODY)
        expect(answered.status).toBe(unsupportedParameter === '404' ? 404 : 200)
      }
    }
  })

  it('is answered by the providerFilters option of the emulator that receives it', async () => {
    // GPT-4.1 mini has no fp8 endpoint: enforced, the filter leaves none; ignored, the step serves.
    const fp8 = { model: GPT_41_MINI, messages: HELLO, provider: { quantizations: ['fp8'] } }
    for (const providerFilters of ['enforce', 'ignore', 'enforce'] as const) {
      const answered = await send(emulator({}, { options: { providerFilters } }), fp8)
      expect(answered.status).toBe(providerFilters === 'enforce' ? 404 : 200)
    }
  })

  it('is answered from the catalog of the emulator that receives it', async () => {
    // The same model with tools supported: the step now serves the tool call the built-in one cannot.
    const withTools: Catalog = {
      ...BUILTIN_CATALOG,
      models: BUILTIN_CATALOG.models.map((m) =>
        m.id === MYTHOMAX_FREE ? { ...m, supported_parameters: [...m.supported_parameters, 'tools'] } : m,
      ),
    }
    const strict = { ...BODY, provider: { require_parameters: true } }
    expect((await send(emulator(), strict)).status).toBe(404)
    const served = await send(emulator({}, { catalog: withTools }), strict)
    expect(served.status).toBe(200)
    expect((await send(emulator(), strict)).status).toBe(404)
  })
})

describe('a request text sent by many cases', () => {
  it('is parsed once and shared frozen, so nothing one case does to it reaches the next', async () => {
    const first = emulator()
    const second = emulator()
    await send(first, BODY)
    await send(second, BODY)
    const body = first.traces[0]?.body as { messages: Array<{ content: string }> }
    expect(second.traces[0]?.body).toBe(body)
    expect(() => {
      body.messages[0]!.content = 'changed'
    }).toThrow(TypeError)
    expect(second.traces[0]?.body).toEqual(JSON.parse(JSON.stringify(BODY)))
  })
})

describe('a deeply nested request body', () => {
  it('is read as JSON however deep, as before it was shared', async () => {
    const deep = `${'['.repeat(20_000)}"x"${']'.repeat(20_000)}`
    const text = `{"model":"${MYTHOMAX_FREE}","messages":[{"role":"user","content":"Hi"}],"metadata":{"deep":${deep}}}`
    const answered = await send(emulator(), text)
    expect(answered.body?.error?.message).not.toBe('Invalid JSON in request body.')
  })
})
