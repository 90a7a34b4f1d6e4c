import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runMain } from '../helpers/run-cli.js'

/** A repository whose scenario sits two folders down, with a cascade one model too long. */
const SCENARIO = `name: too-long
request:
  models:
    - google/gemini-2.5-flash
    - openai/gpt-4.1-mini
    - anthropic/claude-sonnet-4.5
    - openai/gpt-4o-mini
  messages:
    - role: user
      content: Say hi.
  max_tokens: 50
client: reference
faults: matrix
`

describe('run --reporter github on GitHub Actions', () => {
  it('annotates the field at fault, relative to GITHUB_WORKSPACE, one annotation per root cause with its case count', async () => {
    const repo = await mkdtemp(path.join(tmpdir(), 'cascade-gha-'))
    const app = path.join(repo, 'packages', 'app')
    await mkdir(path.join(app, 'scenarios'), { recursive: true })
    await writeFile(path.join(app, 'scenarios', 'too-long.scenario.yaml'), SCENARIO)
    const result = await runMain(['run', 'scenarios', '--reporter', 'github', '--out-dir', path.join(repo, 'out')], {
      cwd: app,
      env: { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: repo },
    })
    expect(result.code).toBe(1)
    const annotations = result.stdout.split('\n').filter((l) => l.startsWith('::'))
    const file = 'file=packages/app/scenarios/too-long.scenario.yaml'
    expect(annotations[0]).toMatch(new RegExp(`^::error ${file},line=3,title=too-long%3A models-limit::`))
    // Every case fails because the router rejects the whole request: one annotation says so, with the count.
    const rejected = annotations.filter((l) => l.includes('request-rejected'))
    expect(rejected).toHaveLength(1)
    expect(rejected[0]).toMatch(
      new RegExp(`^::error ${file},line=2,title=too-long%3A request-rejected \\((\\d+) cases\\)::`),
    )
    expect(annotations.filter((l) => l.startsWith('::error')).length).toBeLessThan(10)
    expect(result.stdout).toMatch(/\ncascade-harness failed: 1 scenario · \d+ cases/)
  })
})
