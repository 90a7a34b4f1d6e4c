import { describe, expect, it } from 'vitest'
import { environmentSecrets, scrubText, scrubbingWriter } from './redact.js'

describe('environmentSecrets', () => {
  it('finds every credential-named variable, whichever vendor, and nothing else', () => {
    const env = {
      OPENROUTER_API_KEY: 'sk-or-v1-aaaaaaaaaaaa',
      OPENAI_API_KEY: 'sk-proj-bbbbbbbbbbbb',
      ANTHROPIC_API_KEY: 'sk-ant-cccccccccccc',
      GITHUB_TOKEN: 'ghp_dddddddddddd',
      AWS_SECRET_ACCESS_KEY: 'eeeeeeeeeeeeeeee',
      DB_PASSWORD: 'ffffffffffff',
      SHORT_TOKEN: 'abc',
      TOKENIZER_PATH: '/opt/tokenizers/o200k',
      HOME: '/home/someone',
      PATH: '/usr/bin:/bin',
    }
    expect(environmentSecrets(env).sort()).toEqual(
      [
        'sk-or-v1-aaaaaaaaaaaa',
        'sk-proj-bbbbbbbbbbbb',
        'sk-ant-cccccccccccc',
        'ghp_dddddddddddd',
        'eeeeeeeeeeeeeeee',
        'ffffffffffff',
      ].sort(),
    )
  })
})

describe('scrubText', () => {
  it('removes credentials from URLs', () => {
    expect(scrubText('GET http://user:tok3nS3cret@127.0.0.1:9/api/v1/models failed', [])).toBe(
      'GET http://[REDACTED]@127.0.0.1:9/api/v1/models failed',
    )
  })
})

describe('scrubbingWriter', () => {
  it('keeps what the terminal tells (isTTY, columns) and scrubs what is written', () => {
    let written = ''
    const writer = scrubbingWriter({ isTTY: true, columns: 120, write: (text: string) => (written += text) }, [
      'sk-proj-bbbbbbbbbbbb',
    ])
    writer.write('key sk-proj-bbbbbbbbbbbb')
    expect(written).toBe('key [REDACTED]')
    expect([writer.isTTY, writer.columns]).toEqual([true, 120])
  })
})
