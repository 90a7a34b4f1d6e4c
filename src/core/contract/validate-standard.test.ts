import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { StandardSchemaV1 } from '@standard-schema/spec'
import { validateStandard } from './index.js'

const Invoice = z.object({
  vendor: z.string().min(1),
  total: z.number().positive(),
  line_items: z.array(z.object({ quantity: z.number().int() })),
})

describe('validateStandard', () => {
  it('passes a value the schema accepts', async () => {
    expect(await validateStandard(Invoice, { vendor: 'Acme', total: 42.5, line_items: [{ quantity: 1 }] })).toEqual([])
  })

  it('turns each issue of a zod schema into a failure with its JSON path', async () => {
    expect(await validateStandard(Invoice, { vendor: '', total: '42.50', line_items: [{ quantity: 1.5 }] }))
      .toMatchInlineSnapshot(`
      [
        {
          "check": "expect-result",
          "message": "$.vendor: Too small: expected string to have >=1 characters",
          "path": "$.vendor",
        },
        {
          "check": "expect-result",
          "message": "$.total: Invalid input: expected number, received string",
          "path": "$.total",
        },
        {
          "check": "expect-result",
          "message": "$.line_items[0].quantity: Invalid input: expected int, received number",
          "path": "$.line_items[0].quantity",
        },
      ]
    `)
  })

  it('uses only the ~standard interface: async validators and { key } path segments work', async () => {
    const schema: StandardSchemaV1 = {
      '~standard': {
        version: 1,
        vendor: 'hand-written',
        validate: async () => ({
          issues: [{ message: 'must be approved', path: [{ key: 'review' }, { key: 0 }, 'state'] }],
        }),
      },
    }
    expect(await validateStandard(schema, {})).toMatchInlineSnapshot(`
      [
        {
          "check": "expect-result",
          "message": "$.review[0].state: must be approved",
          "path": "$.review[0].state",
        },
      ]
    `)
  })

  it('reports a validator that throws', async () => {
    const schema: StandardSchemaV1 = {
      '~standard': {
        version: 1,
        vendor: 'hand-written',
        validate: () => {
          throw new Error('boom')
        },
      },
    }
    expect(await validateStandard(schema, {})).toMatchInlineSnapshot(`
      [
        {
          "check": "expect-result",
          "message": "the expect.result validator threw instead of judging the result: boom",
          "path": "$",
        },
      ]
    `)
  })
})
