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

const ANSI = /\u001b\[[0-9;]*m/g

/** Columns a string takes on a terminal, ignoring color codes (the symbols we print are one column wide). */
export function visibleWidth(text: string): number {
  let width = 0
  for (const _ of text.replace(ANSI, '')) width++
  return width
}
