import { describe, expect, it } from 'vitest'
import { compileRouterUrls } from './router-urls.js'

describe('compileRouterUrls', () => {
  it('owns https://openrouter.ai/api/v1 and everything under it by default, unchanged', () => {
    const toRouter = compileRouterUrls()
    expect(toRouter('https://openrouter.ai/api/v1/chat/completions')).toBe(
      'https://openrouter.ai/api/v1/chat/completions',
    )
    expect(toRouter('https://openrouter.ai/api/v1/models?supported_parameters=tools')).toBe(
      'https://openrouter.ai/api/v1/models?supported_parameters=tools',
    )
    expect(toRouter('https://openrouter.ai/api/v1')).toBe('https://openrouter.ai/api/v1')
  })

  it('owns nothing else: another scheme, host, port or a path that only shares a prefix', () => {
    const toRouter = compileRouterUrls()
    expect(toRouter('http://openrouter.ai/api/v1/chat/completions')).toBeUndefined()
    expect(toRouter('https://openrouter.ai:8443/api/v1/chat/completions')).toBeUndefined()
    expect(toRouter('https://openrouter.ai/api/v10/chat/completions')).toBeUndefined()
    expect(toRouter('https://openrouter.ai.example.com/api/v1/chat/completions')).toBeUndefined()
    expect(toRouter('https://api.openai.com/v1/chat/completions')).toBeUndefined()
  })

  it('rewrites a listed base URL onto the router base, keeping the rest of the path and the query', () => {
    const toRouter = compileRouterUrls(['http://LOCALHOST:8080/proxy/openrouter/', 'https://openrouter.ai/api/v1'])
    expect(toRouter('http://localhost:8080/proxy/openrouter/chat/completions?a=1')).toBe(
      'https://openrouter.ai/api/v1/chat/completions?a=1',
    )
    expect(toRouter('https://openrouter.ai/api/v1/chat/completions')).toBe(
      'https://openrouter.ai/api/v1/chat/completions',
    )
  })

  it('rejects a base URL that is not absolute with a sentence giving an example', () => {
    expect(() => compileRouterUrls(['/api/v1'])).toThrowErrorMatchingInlineSnapshot(
      `[HarnessError: the base URL "/api/v1" is not an absolute URL; give one like https://openrouter.ai/api/v1]`,
    )
  })
})
