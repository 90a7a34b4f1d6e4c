import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { jsonSchemaOfStandard } from './answer-hint.js'
import { contractGaps, outsideAppValue, projectOnto } from './app-schema.js'

const wire = {
  type: 'object',
  properties: {
    title: { type: 'string' },
    priority: { type: 'integer' },
    tags: { type: 'array', items: { type: 'string' } },
    note: { type: 'string' },
  },
  required: ['title', 'priority', 'tags'],
  additionalProperties: false,
}
const App = z.strictObject({
  title: z.string().max(40),
  priority: z.number().int().min(1).max(5),
  tags: z.array(z.enum(['bug', 'ops'])),
  note: z.string(),
  used: z.string(),
})
const app = jsonSchemaOfStandard(App) as Record<string, unknown>

describe('the app schema against the wire schema', () => {
  it('projects the app schema onto the wire shape: fields the app adds and its additionalProperties are left out', () => {
    const projected = projectOnto(app, wire)
    expect(Object.keys(projected.properties as object)).toEqual(['title', 'priority', 'tags', 'note'])
    expect(projected.required).toEqual(['title', 'priority', 'tags', 'note'])
    expect('additionalProperties' in projected).toBe(false)
  })

  it('finds each place the app is stricter, in document order', () => {
    expect(contractGaps(app, wire).map((g) => [g.path, g.keyword, g.app])).toEqual([
      ['$.note', 'required', 'note'],
      ['$.title', 'maxLength', 40],
      ['$.priority', 'minimum', 1],
      ['$.priority', 'maximum', 5],
      ['$.tags[*]', 'enum', ['bug', 'ops']],
    ])
    expect(contractGaps(app, projectOnto(app, wire))).toEqual([])
  })

  it('builds the nearest value the wire accepts and the app refuses: one field, just past the bound', () => {
    const clean = { title: 'Login down', priority: 2, tags: ['ops'], note: 'n' }
    expect(outsideAppValue(clean, wire, app)).toEqual({ ...clean, title: 'Login down'.padEnd(41, 'x') })
    expect(outsideAppValue({ ...clean, title: 'x'.repeat(40) }, wire, app)).toEqual({ ...clean, title: 'x'.repeat(41) })
    const onlyBounds = jsonSchemaOfStandard(z.object({ priority: z.number().int().max(5) })) as Record<string, unknown>
    expect(
      outsideAppValue({ priority: 3 }, { type: 'object', properties: { priority: { type: 'integer' } } }, onlyBounds),
    ).toEqual({ priority: 6 })
    // Where the wire already says everything the app does, there is no such value.
    expect(outsideAppValue(clean, projectOnto(app, wire), app)).toBeUndefined()
  })
})
