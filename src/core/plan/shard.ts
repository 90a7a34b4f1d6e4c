import { hashString } from '../random.js'

/** `--shard 2/3`: this runner takes the second of three slices of the cases. */
export interface Shard {
  index: number
  count: number
}

/**
 * Whether a case belongs to a shard. The slice depends only on the scenario's name and the plan id,
 * never on the machine, the file order or the other cases, so adding a scenario moves no other case
 * between runners (the way vitest shards by a stable id).
 */
export function inShard(shard: Shard | undefined, scenarioName: string, planId: string): boolean {
  if (shard === undefined || shard.count === 1) return true
  return hashString(`${scenarioName}\u0000${planId}`) % shard.count === shard.index - 1
}

/** Parses `i/n` with 1 <= i <= n; undefined for anything else (the caller words the error). */
export function parseShard(text: string): Shard | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim())
  if (!match) return undefined
  const index = Number(match[1])
  const count = Number(match[2])
  return count >= 1 && index >= 1 && index <= count ? { index, count } : undefined
}
