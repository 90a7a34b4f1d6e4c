import { mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { scenarioJson, tempProject } from '../../src/adapters/load/__fixtures__/temp-project.js'
import { reportSchema } from '../../src/schema/report.js'
import { REPO_ROOT, runMain, unwrapped, type CliResult } from '../helpers/run-cli.js'

const ARTICLE = 'scenarios/1-article-cascade.scenario.ts'

/** `--reporter a --reporter b ...` for runs that write several reports. */
function reporters(...names: string[]): string[] {
  return names.flatMap((name) => ['--reporter', name])
}

async function tempDir() {
  return mkdtemp(path.join(tmpdir(), 'cascade-run-'))
}

/**
 * A one-model JSON scenario whose three cases all pass, run once: the exit-0 test and the lint-beside-run
 * test. (The corrected cascade passes too, asserted in the first test; its stall case holds 1.5 s of real time.)
 */
let passingRun: Promise<{ dir: string; out: string; result: CliResult }> | undefined
function runPassing() {
  passingRun ??= (async () => {
    const dir = await passingProject()
    const out = await tempDir()
    const result = await runMain(['run', '--reporter', 'json', '--out-dir', out], { cwd: dir })
    return { dir, out, result }
  })()
  return passingRun
}

function passingProject() {
  return tempProject({ 'scenarios/ok.scenario.json': scenarioJson('ok', { faults: { include: ['rate_limit'] } }) })
}

describe('cascade-harness run (the README main command)', () => {
  it('prints the table for the bundled scenarios, writes the JSON report and fails the gate on the article cascade', async () => {
    const out = await tempDir()
    const result = await runMain(['run', '--out-dir', out])
    // stderr is not a terminal here: a line per finished scenario, nothing else.
    expect(
      result.stderr
        .split('\n')
        .filter(Boolean)
        .every((line) => /^\[\d\/3\] [✓✗] [\w-]+: \d+ cases, \d+ failed/.test(line)),
    ).toBe(true)
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('✗ FAIL  article-cascade  scenarios/1-article-cascade.scenario.ts')
    expect(result.stdout).toContain('✓ PASS  corrected-cascade  scenarios/3-corrected-cascade.scenario.ts')
    expect(result.stdout).toMatch(/error +models-limit +request\.models/)
    expect(unwrapped(result.stdout)).toContain('Did you mean anthropic/claude-sonnet-4.5?')
    expect(result.stdout).toContain('┌')

    const report = reportSchema.parse(JSON.parse(await readFile(path.join(out, 'cascade-report.json'), 'utf8')))
    expect(report.passed).toBe(false)
    expect(report.catalog.builtIn).toBe(true)
    const article = report.scenarios.find((s) => s.name === 'article-cascade')!
    expect(article.lint.map((f) => f.rule).slice(0, 4)).toEqual([
      'models-limit',
      'unknown-model',
      'unsupported-parameter',
      'unsupported-parameter',
    ])
    // The careful client of the corrected cascade passes every case of its matrix.
    const corrected = report.scenarios.find((s) => s.name === 'corrected-cascade')!
    expect(corrected.cases.length).toBeGreaterThan(40)
    expect(
      corrected.cases
        .filter((c) => c.verdict === 'fail')
        .map((c) => `${c.id}: ${c.failures.map((f) => f.message).join('; ')}`),
    ).toEqual([])
    expect(corrected.lint.filter((f) => f.severity === 'error')).toEqual([])
    expect(corrected.passed).toBe(true)
    const rateLimited = corrected.cases.find((c) => c.id === 'rate_limit@0')!
    expect(rateLimited).toMatchObject({
      servedBy: 'openai/gpt-4.1-mini',
      expectedServedBy: 'openai/gpt-4.1-mini',
      verdict: 'pass',
      outcome: 'valid',
      answerSource: 'synthesized',
    })
    expect(rateLimited.costUsd).toBeGreaterThan(0)
    expect(rateLimited.attempts.map((a) => [a.step, a.status])).toEqual([
      [0, 429],
      [1, 200],
    ])
  })

  it('exits 0 when every scenario passes', async () => {
    const { result } = await runPassing()
    expect(result.stderr).toMatch(/^\[1\/1\] ✓ ok: 3 cases, 0 failed/)
    expect(result.code).toBe(0)
  })

  it('gives the same report for the same seed, and other synthesized answers for another seed', async () => {
    // The article cascade: its synthesized answers vary with the seed, and none of its cases waits
    // for a client timeout (the corrected cascade's stall holds 1.5 s of real time per run). Its whole
    // run of the shard tests is the default seed, 1; --grep picks it out of the three bundled scenarios.
    const { all: a } = await runShards()
    const [b, c] = [await tempDir(), await tempDir()]
    await runMain(['run', '--grep', '^article', '--seed', '1', '--reporter', 'json', '--out-dir', b])
    await runMain(['run', ARTICLE, '--seed', '8', '--reporter', 'json', '--out-dir', c])
    const read = async (dir: string) => {
      const report = JSON.parse(await readFile(path.join(dir, 'cascade-report.json'), 'utf8'))
      report.summary.durationMs = 0
      for (const s of report.scenarios) {
        s.durationMs = 0
        for (const c of s.cases) c.durationMs = 0
      }
      return report
    }
    expect(await read(a)).toEqual(await read(b))
    expect(JSON.stringify(await read(a))).not.toEqual(JSON.stringify(await read(c)))
  })

  it('writes JUnit XML and a Markdown summary in --ci', async () => {
    // One failing scenario's first shard is enough to show both files (the merge --ci test shares the run);
    // the whole set is run by the first test.
    const { one, first } = await runCiShards()
    expect(first.code).toBe(1)
    const junit = await readFile(path.join(one, 'cascade-junit.xml'), 'utf8')
    expect(junit).toContain('<testsuite name="article-cascade"')
    const markdown = await readFile(path.join(one, 'cascade-summary.md'), 'utf8')
    expect(markdown).toContain('article-cascade')
  })

  it('exits 2 with one sentence naming the file, the field and the fix for a misspelt fault name, and no stack trace', async () => {
    const dir = tempProject({
      'scenarios/typo.scenario.json': scenarioJson('typo', { faults: [{ name: 'p', at: { '0': 'rate_limt' } }] }),
    })
    const result = await runMain(['run'], { cwd: dir })
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr.trim()).toBe(
      'scenarios/typo.scenario.json: faults[0].at["0"]: "rate_limt" is not a fault name (did you mean "rate_limit"?). Fix: write "rate_limit".',
    )
  })

  it('exits 2 for an unknown flag, with a did-you-mean', async () => {
    const result = await runMain(['run', '--reporters', 'json'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('"--reporters" is not an option of `run`')
    expect(result.stderr).toContain('Fix: use --reporter.')
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  it('exits 2 for an unknown command', async () => {
    const result = await runMain(['rn'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Unknown command "rn"')
  })

  it('prints the version and the help', async () => {
    const pkg = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8'))
    expect((await runMain(['--version'])).stdout.trim()).toBe(pkg.version)
    const help = await runMain(['run', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('--seed <n>')
  })
})

describe('cascade-harness lint', () => {
  it('lists the article cascade findings in order of harm and exits 1', async () => {
    const result = await runMain(['lint', 'scenarios/1-article-cascade.scenario.ts'])
    expect(result.code).toBe(1)
    const rules = [...result.stdout.matchAll(/^\s+(error|warning|info)\s+([a-z-]+)\s/gm)].map((m) => m[2])
    expect(rules).toEqual([
      'models-limit',
      'unknown-model',
      'unsupported-parameter',
      'unsupported-parameter',
      'free-not-last',
      'require-parameters',
      'provider-order',
      'provider-order',
      'provider-order',
    ])
    expect(result.stdout).toContain('FAIL  1 scenario · lint: 4 errors, 2 warnings, 3 info ·')
    expect(result.stdout).not.toContain('┌')
  })

  it('exits 0 for the corrected cascade', async () => {
    expect((await runMain(['lint', 'scenarios/3-corrected-cascade.scenario.ts'])).code).toBe(0)
  })
})

describe('secrets', () => {
  it('never writes the API key into the table, the JSON report, JUnit or Markdown, even when the client puts it in an error or a URL', async () => {
    const key = 'sk-or-v1-LEAKTEST0123456789abcdef0123456789abcdef0123456789abcdef0'
    const out = await tempDir()
    const previousKey = process.env.OPENROUTER_API_KEY
    // The client reads the key from the process environment, as a user's client does; the harness
    // scrubs what the environment it was given holds.
    process.env.OPENROUTER_API_KEY = key
    const result = await runMain(
      [
        'run',
        'test/fixtures/clients/leaky-client.scenario.ts',
        '--out-dir',
        out,
        ...reporters('table', 'json', 'junit', 'markdown', 'github'),
      ],
      { env: { OPENROUTER_API_KEY: key } },
    ).finally(() => {
      if (previousKey === undefined) delete process.env.OPENROUTER_API_KEY
      else process.env.OPENROUTER_API_KEY = previousKey
    })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('https://telemetry.example.com/v1/log?…')
    expect(result.stdout + result.stderr).not.toContain(key)
    for (const file of ['cascade-report.json', 'cascade-junit.xml', 'cascade-summary.md']) {
      const text = await readFile(path.join(out, file), 'utf8')
      expect(text, file).toMatch(/\\?\[REDACTED\\?\]/)
      expect(text, file).not.toContain(key)
    }
  })
})

describe('secrets of other vendors', () => {
  it('scrubs OPENAI_API_KEY (any credential in the environment) from stdout, stderr and every report file', async () => {
    const key = 'sk-proj-LEAKTEST0123456789abcdefABCDEF0123456789'
    const out = await tempDir()
    process.env.CASCADE_TEST_ECHO = key
    try {
      const result = await runMain(
        [
          'run',
          'test/fixtures/clients/echoes-openai-key.scenario.ts',
          '--out-dir',
          out,
          ...reporters('table', 'json', 'junit', 'markdown'),
        ],
        { env: { OPENAI_API_KEY: key } },
      )
      expect(result.code).toBe(1)
      expect(unwrapped(result.stdout)).toContain('Incorrect API key provided: [REDACTED]')
      expect(result.stdout + result.stderr).not.toContain(key)
      for (const file of ['cascade-report.json', 'cascade-junit.xml', 'cascade-summary.md']) {
        const text = await readFile(path.join(out, file), 'utf8')
        expect(text, file).not.toContain(key)
        expect(text, file).toContain('[REDACTED]')
      }
    } finally {
      delete process.env.CASCADE_TEST_ECHO
    }
  })
})

describe('bad input exits 2 with a sentence, before any case runs', () => {
  it('rejects a seed that is not a plain integer', async () => {
    for (const seed of ['abc', '', '0x10']) {
      const result = await runMain(['run', '--seed', seed])
      expect(result.code, seed).toBe(2)
      expect(result.stderr).toContain(`--seed: "${seed}" is not an integer. Fix: pass a whole number, e.g. --seed 42.`)
    }
  })

  it('rejects an unknown reporter with a did-you-mean', async () => {
    const result = await runMain(['run', '--reporter', 'junt'])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('"junt" is not a reporter. Fix: write "junit".')
  })

  it('names --out-dir when a file is in the way', async () => {
    const dir = await tempDir()
    await writeFile(path.join(dir, 'taken'), 'a file')
    // The cases run before the report is written.
    const result = await runMain(['run', '--reporter', 'json', '--out-dir', path.join(dir, 'taken')], {
      cwd: (await runPassing()).dir,
    })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(
      /--out-dir: the report could not be written to .*taken.*: a file is in the way of a folder \(E(EXIST|NOTDIR)\); the previous report there, if any, is unchanged\. Fix: pass --out-dir a folder you can write to/,
    )
  })

  it('rejects a case id the matrix does not generate', async () => {
    const dir = await tempDir()
    await mkdir(path.join(dir, 'scenarios'))
    await writeFile(
      path.join(dir, 'scenarios', 'a.scenario.json'),
      JSON.stringify({
        name: 'a',
        request: {
          models: ['openai/gpt-4.1-mini', 'google/gemini-2.5-flash'],
          messages: [{ role: 'user', content: 'hi' }],
        },
        faults: { exclude: ['refusal@9'] },
      }),
    )
    const result = await runMain(['run'], { cwd: dir })
    expect(result.code).toBe(2)
    expect(result.stderr.trim()).toBe(
      'scenarios/a.scenario.json: faults.exclude[0]: "refusal@9" is not a case of this scenario\'s matrix (did you mean "refusal@0"?). Fix: write "refusal@0".',
    )
  })

  it('rejects a misspelt lint rule in the config and a plan key that names no step', async () => {
    const dir = await tempDir()
    await mkdir(path.join(dir, 'scenarios'))
    await writeFile(
      path.join(dir, 'cascade.config.json'),
      JSON.stringify({ lint: { rules: { 'provider-ordr': 'off' } } }),
    )
    await writeFile(
      path.join(dir, 'scenarios', 'a.scenario.json'),
      JSON.stringify({
        name: 'a',
        request: {
          models: ['openai/gpt-4.1-mini', 'google/gemini-2.5-flash'],
          messages: [{ role: 'user', content: 'hi' }],
        },
        faults: [{ name: 'p', at: { 'openai/gpt-4.1-mimi': 'rate_limit' } }],
      }),
    )
    const config = await runMain(['run'], { cwd: dir })
    expect(config.code).toBe(2)
    expect(config.stderr).toContain(
      'lint.rules["provider-ordr"]: "provider-ordr" is not a lint rule (did you mean "provider-order"?). Fix: write "provider-order".',
    )

    await writeFile(path.join(dir, 'cascade.config.json'), '{}')
    const plan = await runMain(['run'], { cwd: dir })
    expect(plan.code).toBe(2)
    expect(plan.stderr.trim()).toBe(
      'scenarios/a.scenario.json: faults[0].at["openai/gpt-4.1-mimi"]: "openai/gpt-4.1-mimi" names no step of the cascade (0: openai/gpt-4.1-mini, 1: google/gemini-2.5-flash) (did you mean "openai/gpt-4.1-mini"?). Fix: write "openai/gpt-4.1-mini".',
    )
  })
})

/**
 * The article cascade run whole and as shards 1/2 and 2/2, once for the shard and merge tests. It fails the
 * gate (so merge's exit 1 shows) and none of its cases waits for a client timeout, unlike the other two.
 */
let shardRuns: Promise<{ all: string; one: string; two: string; first: CliResult }> | undefined
function runShards() {
  shardRuns ??= (async () => {
    const [all, one, two] = [await tempDir(), await tempDir(), await tempDir()]
    const file = ARTICLE
    await runMain(['run', file, '--reporter', 'json', '--out-dir', all])
    const first = await runMain([
      'run',
      file,
      '--reporter',
      'table',
      '--reporter',
      'json',
      '--out-dir',
      one,
      '--shard',
      '1/2',
    ])
    await runMain(['run', file, '--reporter', 'json', '--out-dir', two, '--shard', '2/2'])
    return { all, one, two, first }
  })()
  return shardRuns
}

/** The article cascade's two shards in --ci (default reporters), once for the run --ci and merge --ci tests. */
let ciShardRuns: Promise<{ one: string; two: string; first: CliResult }> | undefined
function runCiShards() {
  ciShardRuns ??= (async () => {
    const [one, two] = [await tempDir(), await tempDir()]
    const first = await runMain(['run', ARTICLE, '--ci', '--out-dir', one, '--shard', '1/2'])
    await runMain(['run', ARTICLE, '--ci', '--out-dir', two, '--shard', '2/2'])
    return { one, two, first }
  })()
  return ciShardRuns
}

describe('--shard', () => {
  it('splits the cases across runners: the shards together hold every case once, and each report says which slice it is', async () => {
    const { all, one, two, first } = await runShards()
    const ids = async (dir: string) => {
      const report = JSON.parse(await readFile(path.join(dir, 'cascade-report.json'), 'utf8'))
      return { report, ids: report.scenarios[0].cases.map((c: { id: string }) => c.id) as string[] }
    }
    const [full, a, b] = [await ids(all), await ids(one), await ids(two)]
    expect(a.ids.length).toBeGreaterThan(0)
    expect(b.ids.length).toBeGreaterThan(0)
    expect([...a.ids, ...b.ids].sort()).toEqual([...full.ids].sort())
    expect(a.report.shard).toEqual({ index: 1, count: 2 })
    expect(full.report.shard).toBeNull()
    expect(first.stdout).toContain('shard 1/2')
  })

  it('refuses a shard that is not i/n', async () => {
    const result = await runMain(['run', '--shard', '3/2'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--shard: "3/2" is not a shard. Fix: write i/n with 1 <= i <= n, e.g. --shard 2/3.')
  })
})

describe('lint and run side by side', () => {
  it('lint writes its own report files and leaves the run report alone', async () => {
    const { dir, out } = await runPassing()
    const lint = await runMain(['lint', '--out-dir', out], { cwd: dir })
    expect(lint.stdout).toContain('cascade-lint-report.json')
    const run = JSON.parse(await readFile(path.join(out, 'cascade-report.json'), 'utf8'))
    expect(run.summary.cases).toBeGreaterThan(0)
    const lintReport = JSON.parse(await readFile(path.join(out, 'cascade-lint-report.json'), 'utf8'))
    expect(lintReport.summary.cases).toBe(0)
  })
})

describe('cascade-harness merge', () => {
  const file = ARTICLE
  const out = { all: '', one: '', two: '', otherSeed: '' }
  const report = (dir: string) => path.join(dir, 'cascade-report.json')
  beforeAll(async () => {
    // The whole run and its two shards are shared with the --shard tests; only the other seed's shard is ours.
    Object.assign(out, await runShards(), { otherSeed: await tempDir() })
    await runMain(['run', file, '--reporter', 'json', '--out-dir', out.otherSeed, '--shard', '2/2', '--seed', '2'])
  }, 240_000)

  it('merges the complete set of shards into the report the unsharded run gives, and gates on it', async () => {
    const merged = await tempDir()
    const result = await runMain(['merge', report(out.one), report(out.two), '--reporter', 'json', '--out-dir', merged])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(1)
    // Wall-clock times are the only difference a split may make.
    const timeless = async (dir: string) => {
      const parsed = JSON.parse(await readFile(report(dir), 'utf8'))
      parsed.summary.durationMs = 0
      for (const s of parsed.scenarios) {
        s.durationMs = 0
        for (const c of s.cases) c.durationMs = 0
      }
      return parsed
    }
    expect(await timeless(merged)).toEqual(await timeless(out.all))
  })

  it.each([
    [
      'an incomplete set (shard 1/2 alone)',
      () => [report(out.one)],
      /shard 2\/2 is missing, so the merged gate would pass cases that never ran/,
    ],
    ['a duplicated shard (1/2 twice)', () => [report(out.one), report(out.one)], /shard 1\/2 is given twice/],
    [
      'shards of different runs (another seed)',
      () => [report(out.one), report(out.otherSeed)],
      /the report is of another run than/,
    ],
    ['a whole run', () => [report(out.all)], /the report is of a whole run, not of a shard/],
  ])('refuses %s with exit 2 and one sentence', async (_name, files, sentence) => {
    const result = await runMain(['merge', ...files(), '--reporter', 'json', '--out-dir', await tempDir()])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(sentence)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('takes --ci as run does: it refuses shards that ran without it, and writes the CI reporters', async () => {
    const refused = await runMain(['merge', report(out.one), report(out.two), '--ci', '--out-dir', await tempDir()])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/the shard ran without --ci/)
    const { one, two } = await runCiShards()
    const merged = await tempDir()
    const result = await runMain(['merge', report(one), report(two), '--ci', '--out-dir', merged])
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('cascade-junit.xml')
    expect(result.stdout).toContain('cascade-summary.md')
  })

  it('refuses a file that is not a report, naming it', async () => {
    const dir = await tempDir()
    await writeFile(path.join(dir, 'x.json'), '{"hello": 1}')
    const result = await runMain(['merge', path.join(dir, 'x.json')])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('x.json: version: the file is not a cascade-harness report')
  })
})
