/**
 * `npm test` after the build: vitest, with the typecheck (`npm run typecheck`), knip (`npm run
 * lint:unused`) and Prettier (`npm run format:check`) running beside it at a lower CPU priority.
 *
 * Why beside: on a 2-core machine vitest leaves CPU idle while its end-to-end tests wait on real
 * time (deadlines, stalls, spawned processes); the three checks (about 25 s of CPU cold) fill that time
 * instead of adding to the wall time after it. Niced, they yield to the tests, whose deadlines are
 * real time. Their output is held and printed after vitest's, each under a heading, so the log
 * reads as if they had run one after the other.
 *
 * Arguments go to vitest (`npm test -- test/e2e`). Exit code: vitest's when it failed, else that
 * of the first check that failed, else 0.
 */
import { spawn } from 'node:child_process'
import { setPriority } from 'node:os'
import { fileURLToPath } from 'node:url'

const CHECKS = ['typecheck', 'lint:unused', 'format:check']
const VITEST = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url))
// Under `npm test` npm names its own CLI: run the scripts with it, on this Node.
const npm = process.env.npm_execpath
  ? { command: process.execPath, args: [process.env.npm_execpath] }
  : { command: 'npm', args: [], shell: process.platform === 'win32' }

/** Runs a command; its output goes to ours, or is held and returned. */
function run(command, args, { hold = false, shell = false } = {}) {
  const started = Date.now()
  const child = spawn(command, args, { stdio: hold ? ['ignore', 'pipe', 'pipe'] : 'inherit', shell })
  let output = ''
  if (hold) {
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
  }
  return {
    child,
    done: new Promise((resolve) => {
      child.on('error', (error) => resolve({ code: 1, output: `${output}${error.message}\n`, seconds: 0 }))
      child.on('close', (code, signal) =>
        resolve({ code: code ?? (signal ? 1 : 0), output, seconds: (Date.now() - started) / 1000 }),
      )
    }),
  }
}

const vitest = run(process.execPath, [VITEST, 'run', ...process.argv.slice(2)])
const checks = CHECKS.map((name) => {
  const check = run(npm.command, [...npm.args, 'run', name], { hold: true, shell: npm.shell })
  try {
    if (check.child.pid !== undefined) setPriority(check.child.pid, 10)
  } catch {
    // Not allowed here (some containers): the check runs at normal priority, only slower for the tests.
  }
  return { name, ...check }
})

const tests = await vitest.done
let code = tests.code
for (const check of checks) {
  const result = await check.done
  const verdict = result.code === 0 ? 'passed' : `failed (exit ${result.code})`
  process.stdout.write(`\n── npm run ${check.name}: ${verdict} in ${result.seconds.toFixed(1)} s, beside vitest\n`)
  process.stdout.write(result.output)
  if (code === 0 && result.code !== 0) code = result.code
}
process.exit(code)
