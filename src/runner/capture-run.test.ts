import { describe, expect, it } from 'vitest'
import { isSurfacedError } from '../clients/surfaced-error.js'
import { isCrash } from '../core/judge.js'
import { captureRun } from './capture-run.js'

/** What the judge makes of a client that throws `thrown`, and what the reference client's check says. */
async function judged(thrown: unknown): Promise<{ name: string; message: string; crash: boolean; surfaced: boolean }> {
  const run = await captureRun(async () => {
    throw thrown
  }, 1_000)
  if (run.kind !== 'threw') throw new Error(`expected a throw, got ${run.kind}`)
  return { ...run.error, crash: isCrash(run.error), surfaced: isSurfacedError(thrown) }
}

describe('the crash rule, one for the judge and isSurfacedError', () => {
  it('counts a SyntaxError subclass with a name of its own as a crash, keeping that name in the message', async () => {
    class ParseError extends SyntaxError {
      override name = 'ParseError'
    }
    expect(await judged(new ParseError('Unexpected token < in JSON'))).toEqual({
      name: 'SyntaxError',
      message: 'ParseError: Unexpected token < in JSON',
      crash: true,
      surfaced: false,
    })
  })

  it('counts the four classes and their unnamed subclasses as crashes, and an Error of the app as surfaced', async () => {
    class Unnamed extends TypeError {}
    class InvoiceError extends Error {
      override name = 'InvoiceError'
    }
    const verdicts = await Promise.all([new TypeError('x'), new RangeError('x'), new Unnamed('x'), new InvoiceError('router said 402')].map(judged))
    expect(verdicts.map((v) => [v.name, v.crash, v.surfaced])).toEqual([
      ['TypeError', true, false],
      ['RangeError', true, false],
      ['TypeError', true, false],
      ['InvoiceError', false, true],
    ])
  })
})
