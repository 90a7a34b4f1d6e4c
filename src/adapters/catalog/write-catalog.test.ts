import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readCatalog, serializeCatalog, writeCatalog } from './index.js'
import type { Catalog } from '../../core/types.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cascade-catalog-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const CATALOG: Catalog = {
  source: 'https://openrouter.ai/api/v1/models',
  pulledAt: '2026-11-25T10:00:00.000Z',
  models: [
    {
      id: 'openai/gpt-4.1-mini',
      name: 'GPT-4.1 Mini',
      context_length: 1047576,
      pricing: { prompt: '0.0000004', completion: '0.0000016' },
      top_provider: { is_moderated: true, context_length: 1047576 },
      supported_parameters: ['tools', 'response_format'],
    },
    {
      id: 'anthropic/claude-sonnet-4.5',
      context_length: 1000000,
      pricing: { completion: '0.000015', prompt: '0.000003' },
      top_provider: { is_moderated: false },
      supported_parameters: ['tools'],
    },
  ],
}

describe('writeCatalog', () => {
  it('writes models sorted by id, keys sorted with id first, and the pull date on top, for a readable diff', () => {
    expect(serializeCatalog(CATALOG)).toMatchInlineSnapshot(`
      "{
        "pulledAt": "2026-11-25T10:00:00.000Z",
        "source": "https://openrouter.ai/api/v1/models",
        "data": [
          {
            "id": "anthropic/claude-sonnet-4.5",
            "context_length": 1000000,
            "pricing": {
              "completion": "0.000015",
              "prompt": "0.000003"
            },
            "supported_parameters": [
              "tools"
            ],
            "top_provider": {
              "is_moderated": false
            }
          },
          {
            "id": "openai/gpt-4.1-mini",
            "context_length": 1047576,
            "name": "GPT-4.1 Mini",
            "pricing": {
              "completion": "0.0000016",
              "prompt": "0.0000004"
            },
            "supported_parameters": [
              "response_format",
              "tools"
            ],
            "top_provider": {
              "context_length": 1047576,
              "is_moderated": true
            }
          }
        ]
      }
      "
    `)
  })

  it('creates the folder, leaves no temporary file, and reads back the same catalog', async () => {
    const file = path.join(dir, '.cascade', 'catalog.json')
    await writeCatalog(file, CATALOG)
    expect(await readdir(path.join(dir, '.cascade'))).toEqual(['catalog.json'])
    const back = await readCatalog(file, { cwd: dir })
    expect(back.source).toBe('.cascade/catalog.json')
    expect(back.pulledAt).toBe(CATALOG.pulledAt)
    expect(back.models.map((m) => m.id)).toEqual(['anthropic/claude-sonnet-4.5', 'openai/gpt-4.1-mini'])
    expect(back.models[1]?.supported_parameters).toEqual(['response_format', 'tools'])
  })

  it('replaces an existing catalog whole', async () => {
    const file = path.join(dir, 'catalog.json')
    await writeCatalog(file, CATALOG)
    await writeCatalog(file, { ...CATALOG, models: CATALOG.models.slice(0, 1) })
    expect(JSON.parse(await readFile(file, 'utf8')).data).toHaveLength(1)
  })
})
