/**
 * `npm run bench`: throughput of the judged case, as ratios against baselines measured in the same
 * run (a benchmark, not a timed test; figures vary by machine, ratios much less).
 *
 * (a) judged cases per second, reference client, for a 1,000-case matrix, against the bare
 *     emulator call `emulator.handle(new Request(...))`;
 * (b) judged cases per second, a user client (plain fetch) through interception, against a bare
 *     intercepted fetch round trip with a trivial emulator;
 * (c) lint throughput: scenarios per second;
 * (d) start-up: `run` of one JSON and one TypeScript scenario and `lint` of one scenario, each a new
 *     process, as ratios to a bare `node -e 0` (bench/startup.mjs; targets 4x, 6x and 3x).
 * (a)-(c) import the sources through tsx (the build bundles dist/ into chunks whose modules are not
 * importable one by one; tsx only strips types, so the code measured is the code built); (d) runs the
 * built CLI, so `npm run bench` builds first.
 */
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { createEmulator } from '../src/core/emulator/index.js'
import { BUILTIN_CATALOG } from '../src/core/catalog/builtin.js'
import { generateMatrix } from '../src/core/plan/matrix.js'
import { FAULTS } from '../src/core/faults.js'
import { cascadeOf } from '../src/core/cascade.js'
import { canStepServe } from '../src/core/emulator/natural-faults.js'
import { runCase } from '../src/runner/run-case.js'
import { startInterception } from '../src/adapters/intercept/index.js'
import { lintRequest } from '../src/core/lint/index.js'
import { configSchema } from '../src/schema/config.js'
import { loadScenarios } from '../src/adapters/load/load-scenarios.js'

const CASES = 1000
const config = configSchema.parse({})

// The bundled corrected cascade, loaded the way `run` loads it: the bench measures the real scenario.
const { scenarios } = await loadScenarios(['scenarios/3-corrected-cascade.scenario.ts'], { cwd: process.cwd() })
const { request } = scenarios[0].scenario
const steps = cascadeOf(request)
// Faults that take real time (a timeout's wait, a stall until the deadline) are left out: this measures throughput, not waiting.
const timed = new Set(FAULTS.filter((f) => f.takesTime).map((f) => f.name))
const matrix = generateMatrix({
  request,
  steps,
  canServe: (k) => canStepServe(request, steps[k], BUILTIN_CATALOG, config.emulator),
}).filter(
  (plan) =>
    !Object.values(plan.at)
      .flat()
      .some((name) => timed.has(name)),
)
const plans = Array.from({ length: CASES }, (_, i) => matrix[i % matrix.length])

/**
 * Best of `rounds` timings of `fn` run `n` times: the least disturbed measurement. The best rate in the
 * main thread's CPU time is kept beside it (`lastCpuRate`): on a machine whose cores are busy with other
 * work, wall time also counts the wait for a core, CPU time does not.
 */
let lastCpuRate = 0
async function perSecond(n, fn, rounds = 5) {
  let best = Infinity
  let bestCpu = Infinity
  for (let r = 0; r < rounds; r++) {
    const start = performance.now()
    const cpu = process.threadCpuUsage()
    for (let i = 0; i < n; i++) await fn(i)
    best = Math.min(best, performance.now() - start)
    const used = process.threadCpuUsage(cpu)
    bestCpu = Math.min(bestCpu, (used.user + used.system) / 1000)
  }
  lastCpuRate = (n / bestCpu) * 1000
  return (n / best) * 1000
}

function row(label, rate, baseline, baselineName) {
  const ratio = baseline ? `${(baseline / rate).toFixed(2)}x ${baselineName}` : 'baseline'
  console.log(
    `  ${label.padEnd(58)} ${Math.round(rate).toString().padStart(8)} /s   ${(1e6 / rate).toFixed(1).padStart(8)} µs   ${ratio}`,
  )
}

const body = JSON.stringify(request)

console.log(`cascade-harness bench on Node ${process.version}, ${CASES} cases from a ${matrix.length}-plan matrix\n`)

console.log('(a) reference client, no interception')
// Baselines answer the same plans as the judged cases, so a ratio is the harness's own overhead.
const bare = await perSecond(CASES, async (i) => {
  const emulator = createEmulator({ catalog: BUILTIN_CATALOG, plan: plans[i], seed: i, options: config.emulator })
  try {
    const response = await emulator.handle(
      new Request('https://openrouter.ai/api/v1/chat/completions', {
        method: 'POST',
        headers: { authorization: 'Bearer sk-bench', 'content-type': 'application/json' },
        body,
      }),
    )
    await response.text()
  } catch {
    // connection_reset: the emulator rejects, as fetch would
  }
})
row('bare emulator call (createEmulator + handle, same plans)', bare)
const referenceScenario = { name: 'bench', request, client: 'reference', expect: {}, faults: 'matrix' }
/** Case i of the bench: plan i of the matrix, judged as `cascade-harness run` judges it. */
function judgedCase(scenario, i) {
  return runCase({
    scenario,
    steps,
    plan: plans[i],
    catalog: BUILTIN_CATALOG,
    config,
    seed: i,
    enforceServedBy: false,
  })
}
const judged = await perSecond(CASES, (i) => judgedCase(referenceScenario, i))
row('judged case, reference client', judged, bare, 'the bare emulator call')
const judgedCpu = lastCpuRate

console.log('\n(b) user client through interception')
const interception = startInterception()
const trivial = {
  traces: [],
  async handle(req) {
    await req.text()
    return new Response(
      '{"choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}',
      { headers: { 'content-type': 'application/json' } },
    )
  },
}
const roundTrip = await perSecond(CASES, () =>
  interception.runInCase({ emulator: trivial, onUnhandled: () => undefined }, async () => {
    const response = await fetch('https://openrouter.ai/api/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: 'Bearer sk-bench', 'content-type': 'application/json' },
      body,
    })
    return response.json()
  }),
)
row('bare intercepted fetch round trip (trivial emulator)', roundTrip)
/** The user client both rows run: a plain fetch chat() that throws a typed error on failure. */
async function userClient({ request: sent, signal }) {
  const response = await fetch('https://openrouter.ai/api/v1/chat/completions', {
    method: 'POST',
    headers: { authorization: 'Bearer sk-bench', 'content-type': 'application/json' },
    body: JSON.stringify(sent),
    signal,
  })
  const completion = await response.json()
  if (!response.ok || completion.error)
    throw Object.assign(new Error(completion.error?.message ?? `HTTP ${response.status}`), { name: 'RouterError' })
  return completion
}
const userScenario = { name: 'bench-user', request, expect: {}, faults: 'matrix', client: userClient }
const idle = new AbortController().signal

// The floor of any user-client case: the same client, intercepted, answered by the real emulator, unjudged.
const roundTripReal = await perSecond(CASES, (i) => {
  const emulator = createEmulator({ catalog: BUILTIN_CATALOG, plan: plans[i], seed: i, options: config.emulator })
  return interception.runInCase({ emulator, onUnhandled: () => undefined }, () =>
    userClient({ request, signal: idle }).catch(() => null),
  )
})
row('the same fetch client, intercepted, unjudged (same plans)', roundTripReal, roundTrip, 'the trivial round trip')
const userJudged = await perSecond(CASES, (i) => judgedCase(userScenario, i))
row('judged case, fetch client through interception', userJudged, roundTripReal, 'the same client unjudged')
interception.stop?.()

console.log('\n(c) lint')
const lintBaseline = await perSecond(CASES, () => JSON.parse(body))
row('baseline: JSON.parse of the request', lintBaseline)
const lintRate = await perSecond(CASES, () => lintRequest(request, BUILTIN_CATALOG, { severities: {} }))
row('lint of one scenario (every rule)', lintRate, lintBaseline, 'JSON.parse of the request')

const verdict = (ok) => (ok ? 'met' : 'MISSED')
console.log(`\nTargets:`)
console.log(`  (a) >= 10,000 judged reference cases/s: ${Math.round(judged)}/s, ${verdict(judged >= 10_000)}`)
console.log(
  `      in the main thread's CPU time: ${Math.round(judgedCpu)}/s (wall time also waits for a core; load average ${os.loadavg()[0].toFixed(1)})`,
)
console.log(
  `  (b) a judged user-client case <= 1.5x the same client's intercepted round trip: ${(roundTripReal / userJudged).toFixed(2)}x, ${verdict(roundTripReal / userJudged <= 1.5)}`,
)
console.log(
  `  (c) lint of 50 scenarios well under a second: ${((50 / lintRate) * 1000).toFixed(1)} ms, ${verdict(50 / lintRate < 0.1)}`,
)

// (d) end-to-end start-up of the built CLI, one process per command, against a bare `node -e 0`.
const { measureStartup, printStartup } = await import('./startup.mjs')
console.log('\n(d) start-up: the CLI end to end against `node -e 0`, medians of 11 rounds (wall; CPU where /proc is)')
printStartup(measureStartup(11))
