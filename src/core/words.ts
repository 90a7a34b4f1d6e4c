/** Small helpers that every rule uses to write its sentences the same way. */

/** `1234567` → `1,234,567`. */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US')
}

/** A dollar amount with enough digits to tell small per-request costs apart: `$0.0021`, `$1.25`. */
export function usd(n: number): string {
  if (n === 0) return '$0'
  if (n >= 1) return `$${n.toFixed(2)}`
  const digits = Math.max(2, 1 - Math.floor(Math.log10(n)) + 1)
  return `$${n.toFixed(Math.min(digits, 8)).replace(/(\.\d*?[1-9])0+$/, '$1')}`
}

/** `['a']` → `a`; `['a', 'b', 'c']` → `a, b and c`. */
export function list(items: readonly string[], conjunction = 'and'): string {
  if (items.length <= 1) return items[0] ?? ''
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`
}
