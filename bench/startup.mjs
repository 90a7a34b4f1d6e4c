/**
 * End-to-end start-up: the built CLI as a user runs it, one process per command, against a bare
 * `node -e 0` measured in the same run. Ratios, not milliseconds: a loaded machine slows both.
 *
 * A temporary project holds one scenario twice, as JSON and as TypeScript (which imports
 * `defineScenario` from `cascade-harness`, linked to this checkout as an install would be), with the
 * reference client, so the figures are the harness's own cost and not a client SDK's. Each round runs
 * every command once, interleaved, so a burst of load hits all of them alike; the median of the rounds
 * is reported.
 *
 * Runs on its own (`node bench/startup.mjs [rounds]`, after `npm run build`) and as section (d) of
 * `npm run bench`.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url))
const BIN = path.join(REPO_ROOT, 'dist/cli/main.js')

/** The targets of issue 11: at most this many times a bare Node start. */
export const TARGETS = { runJson: 4, runTs: 6, lintJson: 3 }

const REQUEST = {
  models: ['openai/gpt-4.1-mini', 'google/gemini-2.5-flash', 'anthropic/claude-sonnet-4.5'],
  messages: [{ role: 'user', content: 'Extract the invoice total from: ACME Corp, total 42.50 EUR.' }],
  max_tokens: 256,
}

function makeProject() {
  const dir = mkdtempSync(path.join(tmpdir(), 'cascade-bench-'))
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'bench-app', private: true, type: 'module' }))
  mkdirSync(path.join(dir, 'node_modules'))
  symlinkSync(REPO_ROOT, path.join(dir, 'node_modules', 'cascade-harness'), 'dir')
  mkdirSync(path.join(dir, 'json'))
  mkdirSync(path.join(dir, 'ts'))
  // Faults that take real time (a stall lasts until the case deadline) are left out: this measures start-up, not waiting.
  const faults = { exclude: ['stall', 'timeout', 'slow_first_token'] }
  writeFileSync(
    path.join(dir, 'json', 'invoice.scenario.json'),
    JSON.stringify({ name: 'invoice', request: REQUEST, faults }, null, 2),
  )
  writeFileSync(
    path.join(dir, 'ts', 'invoice.scenario.ts'),
    `import { defineScenario } from 'cascade-harness'\n\nexport default defineScenario({ name: 'invoice', request: ${JSON.stringify(REQUEST)}, faults: ${JSON.stringify(faults)} })\n`,
  )
  return dir
}

/**
 * CPU seconds of the waited-for children of this process (Linux: /proc/self/stat, fields cutime and
 * cstime, in clock ticks of 10 ms), or undefined elsewhere. On a machine loaded by other work, wall
 * time mostly measures the queue for a core; CPU time is what the command itself costs.
 */
function childrenCpuMs() {
  if (!existsSync('/proc/self/stat')) return undefined
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')
  // After "pid (comm) ", field 3 is index 0: cutime is field 16, cstime field 17.
  return (Number(fields[13]) + Number(fields[14])) * 10
}

function timed(args, cwd) {
  const cpuBefore = childrenCpuMs()
  const start = performance.now()
  try {
    execFileSync(process.execPath, args, {
      cwd,
      stdio: 'ignore',
      env: { ...process.env, NO_COLOR: '1', CI: '', GITHUB_ACTIONS: '' },
    })
  } catch (error) {
    // `run` exits 1 when a case fails: still a complete run. Anything else is a broken bench.
    if (error.status !== 1) throw new Error(`node ${args.join(' ')} exited ${error.status}`)
  }
  const wall = performance.now() - start
  const cpuAfter = childrenCpuMs()
  return { wall, cpu: cpuBefore === undefined ? undefined : cpuAfter - cpuBefore }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

export function measureStartup(rounds = 11) {
  const dir = makeProject()
  const out = path.join(dir, 'out')
  const commands = {
    node: ['-e', '0'],
    runJson: [BIN, 'run', 'json', '--reporter', 'json', '--out-dir', out],
    runTs: [BIN, 'run', 'ts', '--reporter', 'json', '--out-dir', out],
    lintJson: [BIN, 'lint', 'json', '--reporter', 'table'],
    lintTs: [BIN, 'lint', 'ts', '--reporter', 'table'],
  }
  try {
    // One warm-up round: the first start of each pays for the disk cache.
    for (const args of Object.values(commands)) timed(args, dir)
    const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, { wall: [], cpu: [] }]))
    for (let round = 0; round < rounds; round++) {
      for (const [name, args] of Object.entries(commands)) {
        const { wall, cpu } = timed(args, dir)
        samples[name].wall.push(wall)
        if (cpu !== undefined) samples[name].cpu.push(cpu)
      }
    }
    return Object.fromEntries(
      Object.entries(samples).map(([name, { wall, cpu }]) => [
        name,
        { wall: median(wall), cpu: cpu.length > 0 ? median(cpu) : undefined },
      ]),
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Prints each command's medians and ratios to `node -e 0`; the verdict reads the wall-clock ratio. */
export function printStartup(medians) {
  const base = medians.node
  const cpuRatio = (m) => (m.cpu !== undefined && base.cpu ? `${(m.cpu / base.cpu).toFixed(2).padStart(6)}x` : '     -')
  console.log(
    `  ${''.padEnd(34)} ${'wall'.padStart(8)} ${'ratio'.padStart(8)}   ${'cpu'.padStart(8)} ${'ratio'.padStart(8)}`,
  )
  const line = (label, m, target) => {
    const ratio = m.wall / base.wall
    const verdict = target === undefined ? '(no target)' : `target <= ${target}x: ${ratio <= target ? 'met' : 'MISSED'}`
    console.log(
      `  ${label.padEnd(34)} ${m.wall.toFixed(0).padStart(5)} ms ${ratio.toFixed(2).padStart(7)}x   ${m.cpu === undefined ? '       -' : `${m.cpu.toFixed(0).padStart(5)} ms`}  ${cpuRatio(m)}   ${verdict}`,
    )
  }
  line('node -e 0 (baseline)', base)
  line('run, one JSON scenario', medians.runJson, TARGETS.runJson)
  line('run, one TypeScript scenario', medians.runTs, TARGETS.runTs)
  line('lint, one JSON scenario', medians.lintJson, TARGETS.lintJson)
  line('lint, one TypeScript scenario', medians.lintTs)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const rounds = Number(process.argv[2] ?? 11)
  console.log(`(d) start-up, medians of ${rounds} runs on Node ${process.version}`)
  printStartup(measureStartup(rounds))
}
