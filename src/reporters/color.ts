import { createRequire } from 'node:module'
import type stringWidthOf from 'string-width'
/**
 * ANSI styling behind a flag. Plain escape codes rather than `node:util.styleText`, because
 * styleText consults the stream and NO_COLOR itself and reporters must stay pure: the caller decides.
 */
export type Style = 'red' | 'green' | 'yellow' | 'dim' | 'bold'

const CODES: Record<Style, [open: number, close: number]> = {
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  dim: [2, 22],
  bold: [1, 22],
}

export type Paint = (style: Style, text: string) => string

export function painter(color: boolean): Paint {
  if (!color) return (_style, text) => text
  return (style, text) => {
    const [open, close] = CODES[style]
    return text === '' ? text : `\u001b[${open}m${text}\u001b[${close}m`
  }
}

/**
 * Columns a string takes on a terminal, ignoring color codes: CJK and emoji take two. Measured by
 * the same string-width (v4) that cli-table3 lays its cells out with, so our column fitting and its
 * drawing never disagree by a column.
 */
export function visibleWidth(text: string): number {
  // Required on first use (it is CommonJS, so synchronously): a run that prints no table and no live
  // line (`--reporter json`, a pipe) never loads it and its four dependencies (start-up: docs/performance.md).
  stringWidth ??= createRequire(import.meta.url)('string-width') as typeof stringWidthOf
  return stringWidth(text)
}

let stringWidth: typeof stringWidthOf | undefined
