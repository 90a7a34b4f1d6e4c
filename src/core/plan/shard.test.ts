import { describe, expect, it } from 'vitest'
import { inShard, parseShard } from './shard.js'

const ids = Array.from({ length: 300 }, (_, i) => `plan-${i}`)

describe('sharding cases across CI runners', () => {
  it('puts every case in exactly one of n shards, in slices of similar size', () => {
    const shards = [1, 2, 3].map((index) => ids.filter((id) => inShard({ index, count: 3 }, 'invoice', id)))
    expect(shards.flat().sort()).toEqual([...ids].sort())
    for (const shard of shards) expect(shard.length).toBeGreaterThan(70)
  })

  it('gives a case the same shard on every machine and in every release (pinned: CI configs rely on it)', () => {
    const shardOf = (id: string) => [1, 2, 3].find((index) => inShard({ index, count: 3 }, 'invoice', id))
    expect(['clean', 'rate_limit@0', 'refusal@2', 'every_step_fails'].map(shardOf)).toEqual([2, 1, 2, 2])
  })

  it('parses i/n and refuses anything else', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 })
    for (const bad of ['0/3', '4/3', '1/0', 'a/b', '2', '']) expect(parseShard(bad), bad).toBeUndefined()
  })
})
