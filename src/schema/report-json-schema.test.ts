import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { reportSchema } from './report.js'

const FILE = fileURLToPath(new URL('../../schemas/report.schema.json', import.meta.url))

/** The committed JSON Schema of the report is generated from the zod schema; this keeps them equal. */
describe('schemas/report.schema.json', () => {
  it('is the JSON Schema of the report model (UPDATE_SCHEMA=1 npm test rewrites it)', async () => {
    const generated = `${JSON.stringify({ $id: 'https://cascade-harness.dev/schemas/report.schema.json', title: 'cascade-harness report', ...z.toJSONSchema(reportSchema) }, null, 2)}\n`
    if (process.env.UPDATE_SCHEMA === '1') await writeFile(FILE, generated)
    expect(await readFile(FILE, 'utf8')).toBe(generated)
  })
})
