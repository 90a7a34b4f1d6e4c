import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { REPO_ROOT, runMain } from '../helpers/run-cli.js'

interface Step {
  uses?: string
  run?: string
  if?: string
  with?: Record<string, unknown>
}
interface Job {
  needs?: string | string[]
  if?: string
  strategy?: { matrix?: Record<string, unknown[]> }
  steps: Step[]
}
interface Workflow {
  on: Record<string, unknown>
  jobs: Record<string, Job>
}

async function workflow(): Promise<Workflow> {
  const doc = await readFile(path.join(REPO_ROOT, 'docs', 'ci.md'), 'utf8')
  const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!)
  expect(blocks).toHaveLength(1)
  return parse(blocks[0]!) as Workflow
}

/** Each `npx cascade-harness ...` command of a job, split into words (a `${{ ... }}` expression is one word). */
const harnessCommands = (job: Job): string[][] =>
  job.steps
    .flatMap((s) => (s.run ?? '').split('\n'))
    .filter((line) => line.includes('npx cascade-harness '))
    .map(
      (line) =>
        line
          .slice(line.indexOf('npx cascade-harness ') + 'npx cascade-harness '.length)
          .trim()
          .match(/\$\{\{[^}]*\}\}\S*|\S+/g) ?? [],
    )

const jobRunning = (wf: Workflow, command: string) =>
  Object.entries(wf.jobs).find(([, job]) => harnessCommands(job).some((words) => words[0] === command))

describe('docs/ci.md: the GitHub Actions workflow', () => {
  it('lints on push, runs the shards of a matrix with --ci, merges them, uploads JUnit and writes the step summary', async () => {
    const wf = await workflow()
    expect(Object.keys(wf.on)).toContain('push')

    const [lintName] = jobRunning(wf, 'lint')!
    expect(lintName).toBeDefined()

    const [runName, runJob] = jobRunning(wf, 'run')!
    const shards = runJob.strategy!.matrix!.shard!
    expect(shards.length).toBeGreaterThan(1)
    const run = harnessCommands(runJob).find((words) => words[0] === 'run')!
    expect(run).toContain('--ci')
    expect(run[run.indexOf('--shard') + 1]).toBe(`\${{ matrix.shard }}/${shards.length}`)
    const outDir = run[run.indexOf('--out-dir') + 1]!
    expect(
      runJob.steps.some(
        (s) =>
          s.uses?.startsWith('actions/upload-artifact@') &&
          String(s.with?.path).startsWith(outDir) &&
          s.if === 'always()',
      ),
    ).toBe(true)

    const [, mergeJob] = jobRunning(wf, 'merge')!
    expect([mergeJob.needs].flat()).toContain(runName)
    expect(mergeJob.if).toBe('always()')
    const merge = harnessCommands(mergeJob).find((words) => words[0] === 'merge')!
    const reporters = merge.flatMap((word, i) => (merge[i - 1] === '--reporter' ? [word] : []))
    // junit writes the file the upload step takes; markdown appends to $GITHUB_STEP_SUMMARY; github annotates.
    expect(reporters).toEqual(expect.arrayContaining(['junit', 'markdown', 'github']))
    const mergeOut = merge[merge.indexOf('--out-dir') + 1]!
    expect(
      mergeJob.steps.some(
        (s) => s.uses?.startsWith('actions/upload-artifact@') && s.with?.path === `${mergeOut}/cascade-junit.xml`,
      ),
    ).toBe(true)
    expect(mergeJob.steps.some((s) => s.uses?.startsWith('actions/download-artifact@'))).toBe(true)
    // The shard reports are found where the download step puts them.
    const download = mergeJob.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))!
    expect(merge[1]).toBe(`${download.with!.path}/*/cascade-report.json`)
  })

  it('uses only commands and flags the CLI has', async () => {
    const wf = await workflow()
    const commands = Object.values(wf.jobs).flatMap(harnessCommands)
    expect(commands.length).toBeGreaterThanOrEqual(3)
    for (const [command, ...args] of commands) {
      const help = await runMain([command!, '--help'])
      expect(help.code, `cascade-harness ${command} --help`).toBe(0)
      for (const flag of args.filter((a) => a.startsWith('--')))
        expect(help.stdout, `${command} ${flag}`).toMatch(new RegExp(`(^|\\s)${flag}( |$)`, 'm'))
    }
  })
})
