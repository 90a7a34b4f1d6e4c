import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readCatalog } from './index.js'
import { InputError } from '../../errors.js'

const FIXTURES = fileURLToPath(new URL('./__fixtures__/data/', import.meta.url))

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cascade-catalog-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** The sentence a user sees (exit 2), or a failure when reading succeeded. */
async function readError(file: string, cwd = dir): Promise<string> {
  const error = await readCatalog(file, { cwd }).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(InputError)
  return (error as InputError).message
}

describe('readCatalog', () => {
  it("reads the router's models answer, keeping fields it does not check", async () => {
    const catalog = await readCatalog(path.join(FIXTURES, 'models.json'), { cwd: FIXTURES })
    expect(catalog.source).toBe('models.json')
    expect(catalog.models.map((m) => m.id)).toEqual([
      'openai/gpt-4.1-mini',
      'gryphe/mythomax-l2-13b:free',
      'anthropic/claude-sonnet-4.5',
    ])
    expect(catalog.models[0]?.architecture).toMatchObject({ tokenizer: 'GPT' })
    expect(catalog.models[1]?.pricing.request).toBeUndefined()
  })

  it('names each malformed field of a catalog file and says how to get a fresh one', async () => {
    expect(await readError(path.join(FIXTURES, 'malformed-catalog.json'), FIXTURES)).toMatchInlineSnapshot(`
      "malformed-catalog.json: data[0].context_length: expected a number, got a string ("1M"). Fix: write a number, or run \`cascade-harness catalog pull\` to write a fresh catalog.
      malformed-catalog.json: data[1].pricing.prompt: expected a string or a number, got nothing. Fix: use a string or a number, or run \`cascade-harness catalog pull\` to write a fresh catalog.
      malformed-catalog.json: data[1].supported_parameters: expected a list, got a string ("tools,response_format"). Fix: write a list, for example ["tools,response_format"], or run \`cascade-harness catalog pull\` to write a fresh catalog."
    `)
  })

  it('says a missing catalog file does not exist and how to write it', async () => {
    expect(await readError(path.join(dir, '.cascade', 'catalog.json'))).toMatchInlineSnapshot(
      `".cascade/catalog.json: the catalog file does not exist. Fix: run \`cascade-harness catalog pull\` to write a fresh catalog there, or point --catalog at an existing file."`,
    )
  })

  it('says a catalog that is not JSON is not JSON', async () => {
    await writeFile(path.join(dir, 'catalog.json'), '{ "data": [ ')
    expect(await readError(path.join(dir, 'catalog.json'))).toMatch(
      /^catalog\.json: the catalog is not valid JSON \(.+\)\. Fix: run `cascade-harness catalog pull` to write a fresh catalog\.$/,
    )
  })

  it('refuses a price that is no number, so a cost budget cannot pass on a cost of 0', async () => {
    const model = { id: 'a/b', context_length: 1000, supported_parameters: [] }
    await writeFile(
      path.join(dir, 'catalog.json'),
      JSON.stringify({
        data: [
          { ...model, pricing: { prompt: 'NaN', completion: '0.000001' } },
          { ...model, id: 'openrouter/auto', pricing: { prompt: '-1', completion: '-1' } },
        ],
      }),
    )
    expect(await readError(path.join(dir, 'catalog.json'))).toContain(
      'catalog.json: data[0].pricing.prompt: a price is a number of US dollars per token, such as "0.0000003" ("-1" for a variable price)',
    )
  })

  it('reads per-endpoint facts, and names a malformed one with its path', async () => {
    const model = { id: 'a/b', context_length: 1000, pricing: { prompt: '0', completion: '0' } }
    const endpoint = { provider_name: 'DeepInfra', tag: 'deepinfra/turbo', quantization: 'fp8', zdr: true }
    await writeFile(path.join(dir, 'catalog.json'), JSON.stringify({ data: [{ ...model, endpoints: [endpoint] }] }))
    expect((await readCatalog(path.join(dir, 'catalog.json'))).models[0]!.endpoints).toEqual([endpoint])
    await writeFile(
      path.join(dir, 'catalog.json'),
      JSON.stringify({
        data: [{ ...model, endpoints: [{ ...endpoint, zdr: 'yes', pricing: { prompt: 'free', completion: '0' } }] }],
      }),
    )
    const error = await readError(path.join(dir, 'catalog.json'))
    expect(error).toContain('catalog.json: data[0].endpoints[0].zdr')
    expect(error).toContain(
      'catalog.json: data[0].endpoints[0].pricing.prompt: a price is a number of US dollars per token',
    )
  })

  it('refuses a catalog with no models', async () => {
    await writeFile(path.join(dir, 'catalog.json'), '{ "data": [] }')
    expect(await readError(path.join(dir, 'catalog.json'))).toMatchInlineSnapshot(
      `"catalog.json: data: the catalog lists no models. Fix: run \`cascade-harness catalog pull\` to write a fresh catalog."`,
    )
  })

  it('shows a few problems of a catalog broken everywhere and counts the rest', async () => {
    const data = Array.from({ length: 9 }, (_, i) => ({ id: `x/model-${i}`, pricing: { prompt: '0' } }))
    await writeFile(path.join(dir, 'catalog.json'), JSON.stringify({ data }))
    const lines = (await readError(path.join(dir, 'catalog.json'))).split('\n')
    expect(lines).toHaveLength(6)
    expect(lines.at(-1)).toMatchInlineSnapshot(
      `"catalog.json: and 4 more problems like these. Fix: run \`cascade-harness catalog pull\` to write a fresh catalog."`,
    )
  })

  it('keeps the first of two entries with the same id', async () => {
    const model = (name: string) => ({ id: 'x/y', name, pricing: { prompt: '0', completion: '0' } })
    await writeFile(path.join(dir, 'catalog.json'), JSON.stringify({ data: [model('first'), model('second')] }))
    const catalog = await readCatalog(path.join(dir, 'catalog.json'))
    expect(catalog.models.map((m) => m.name)).toEqual(['first'])
  })
})
