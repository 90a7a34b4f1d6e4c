import { describe, expect, it } from 'vitest'
import { isCrash } from '../core/judge.js'
import { captureRun } from './capture-run.js'

/** What the judge makes of a client that throws `thrown`. */
async function judged(thrown: unknown): Promise<{ name: string; message: string; crash: boolean }> {
  const run = await captureRun(async () => {
    throw thrown
  }, 1_000)
  if (run.kind !== 'threw') throw new Error(`expected a throw, got ${run.kind}`)
  return { ...run.error, crash: isCrash(run.error) }
}

describe('the crash rule', () => {
  it('counts a SyntaxError subclass with a name of its own as a crash, keeping that name in the message', async () => {
    class ParseError extends SyntaxError {
      override name = 'ParseError'
    }
    expect(await judged(new ParseError('Unexpected token < in JSON'))).toEqual({
      name: 'SyntaxError',
      message: 'ParseError: Unexpected token < in JSON',
      crash: true,
    })
  })

  it('counts the four classes and their unnamed subclasses as crashes, and an Error of the app as surfaced', async () => {
    class Unnamed extends TypeError {}
    class InvoiceError extends Error {
      override name = 'InvoiceError'
    }
    const verdicts = await Promise.all(
      [new TypeError('x'), new RangeError('x'), new Unnamed('x'), new InvoiceError('router said 402')].map(judged),
    )
    expect(verdicts.map((v) => [v.name, v.crash])).toEqual([
      ['TypeError', true],
      ['RangeError', true],
      ['TypeError', true],
      ['InvoiceError', false],
    ])
  })
})
