import { parseArgs } from 'node:util'
import { didYouMean } from '../core/did-you-mean.js'
import { InputError } from '../errors.js'
import { parseShard, type Shard } from '../core/plan/shard.js'

/** One flag: the single table that parsing, `--help` and the README's reference read. */
export interface FlagSpec {
  type: 'string' | 'boolean'
  description: string
  multiple?: boolean
  short?: string
  value?: string
}

export const COMMON_FLAGS = {
  config: {
    type: 'string',
    value: 'file',
    description: 'config file (default: cascade.config.{ts,mts,js,mjs,json} in the current folder)',
  },
  catalog: {
    type: 'string',
    value: 'file',
    description: 'model catalog snapshot (default: .cascade/catalog.json, else the built-in catalog)',
  },
  reporter: {
    type: 'string',
    multiple: true,
    value: 'name',
    description:
      'table, json, junit, markdown, github (repeatable; default: table and json, plus junit and markdown with --ci)',
  },
  'out-dir': {
    type: 'string',
    value: 'dir',
    description: "where report files go (default: the config's outDir, relative to the config file, else .cascade-out)",
  },
  grep: { type: 'string', value: 'pattern', description: 'only scenarios whose name matches this regular expression' },
  seed: {
    type: 'string',
    value: 'n',
    description: 'seed for synthesized answers and ids (default: 1); the same seed gives the same report',
  },
  shard: {
    type: 'string',
    value: 'i/n',
    description:
      'run only the i-th of n slices of the cases (by a stable hash of scenario and case id), for parallel CI runners',
  },
  concurrency: {
    type: 'string',
    value: 'n',
    description: "cases in flight at once per scenario (default: the config's concurrency, else the number of cores)",
  },
  ci: {
    type: 'boolean',
    description: 'CI mode (also on when CI=true): never record, never touch the network, stale cassettes fail',
  },
  'no-color': {
    type: 'boolean',
    description:
      'plain output; without it, color follows FORCE_COLOR, NO_COLOR, TERM=dumb and whether stdout is a color terminal',
  },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
} as const satisfies Record<string, FlagSpec>

export function helpText(usage: string, summary: string, flags: Record<string, FlagSpec>): string {
  const rows = Object.entries(flags).map(
    ([name, f]) =>
      [`${f.short ? `-${f.short}, ` : ''}--${name}${f.value ? ` <${f.value}>` : ''}`, f.description] as const,
  )
  const width = Math.max(...rows.map(([left]) => left.length))
  return `${usage}\n\n${summary}\n\nOptions:\n${rows.map(([l, r]) => `  ${l.padEnd(width)}  ${r}`).join('\n')}\n`
}

/** node:util parseArgs, with an unknown flag turned into a sentence (and a did-you-mean) that exits 2. */
export function parseFlags<const F extends Record<string, FlagSpec>>(command: string, argv: string[], flags: F) {
  try {
    return parseArgs({ args: argv, options: flags, allowPositionals: true, strict: true })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const flag = /'(-{1,2}[^'\s]+)'/.exec(message)?.[1]
    const guess = flag ? didYouMean(flag.replace(/^-+/, ''), Object.keys(flags)) : undefined
    throw new InputError([
      {
        file: `cascade-harness ${command}`,
        path: flag ?? 'arguments',
        problem: flag
          ? message.includes('Unknown option')
            ? `"${flag}" is not an option of \`${command}\``
            : message.replace(/\.$/, '')
          : message,
        fix: guess ? `use --${guess}` : `see \`cascade-harness ${command} --help\``,
      },
    ])
  }
}

export function parseSeed(raw: string | undefined, command: string): number | undefined {
  if (raw === undefined) return undefined
  const seed = Number(raw)
  // Only plain decimal integers: Number('') is 0 and Number('0x10') is 16, neither what was meant.
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(seed)) {
    throw new InputError([
      {
        file: `cascade-harness ${command}`,
        path: '--seed',
        problem: `"${raw}" is not an integer`,
        fix: 'pass a whole number, e.g. --seed 42',
      },
    ])
  }
  return seed
}

export function parseShardFlag(raw: string | undefined, command: string): Shard | undefined {
  if (raw === undefined) return undefined
  const shard = parseShard(raw)
  if (!shard) {
    throw new InputError([
      {
        file: `cascade-harness ${command}`,
        path: '--shard',
        problem: `"${raw}" is not a shard`,
        fix: 'write i/n with 1 <= i <= n, e.g. --shard 2/3',
      },
    ])
  }
  return shard
}

export function parseConcurrency(raw: string | undefined, command: string): number | undefined {
  if (raw === undefined) return undefined
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
    throw new InputError([
      {
        file: `cascade-harness ${command}`,
        path: '--concurrency',
        problem: `"${raw}" is not a positive whole number`,
        fix: 'pass a number of cases to run at once, e.g. --concurrency 4',
      },
    ])
  }
  return Number(raw)
}
