/**
 * `npm run bench`: throughput of the judged case, as ratios against baselines measured in the same
 * run (a benchmark, not a timed test; figures vary by machine, ratios much less).
 *
 * (a) judged cases per second, reference client, for a 1,000-case matrix, against the bare
 *     emulator call `emulator.handle(new Request(...))`;
 * (b) judged cases per second, a user client (plain fetch) through interception, against a bare
 *     intercepted fetch round trip with a trivial emulator;
 * (c) lint throughput: scenarios per second.
 * It runs the built package (dist/), so `npm run bench` builds first.
 */
import { performance } from 'node:perf_hooks'
import { createEmulator } from '../dist/core/emulator/index.js'
import { BUILTIN_CATALOG } from '../dist/core/catalog/builtin.js'
import { generateMatrix } from '../dist/core/plan/matrix.js'
import { cascadeOf } from '../dist/core/cascade.js'
import { canStepServe } from '../dist/core/emulator/natural-faults.js'
import { runCase } from '../dist/runner/run-case.js'
import { startInterception } from '../dist/adapters/intercept/index.js'
import { lintRequest } from '../dist/core/lint/index.js'
import { configSchema } from '../dist/schema/config.js'

const CASES = 1000
const config = configSchema.parse({})

const schema = {
  type: 'object',
  properties: {
    vendor: { type: 'string' },
    invoice_number: { type: 'string' },
    currency: { type: 'string', enum: ['USD', 'EUR', 'GBP'] },
    total: { type: 'number' },
    line_items: {
      type: 'array',
      items: {
        type: 'object',
        properties: { description: { type: 'string' }, quantity: { type: 'number' }, unit_price: { type: 'number' } },
        required: ['description', 'quantity', 'unit_price'],
        additionalProperties: false,
      },
    },
  },
  required: ['vendor', 'invoice_number', 'currency', 'total', 'line_items'],
  additionalProperties: false,
}
const request = {
  models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini', 'anthropic/claude-sonnet-4.5'],
  messages: [
    { role: 'system', content: 'You extract invoices.' },
    { role: 'user', content: 'Invoice INV-2041 from Acme Tools Ltd, in EUR: 3 torque wrenches at 42.50 each. Total 127.50.' },
  ],
  tools: [{ type: 'function', function: { name: 'record_invoice', description: 'Store the invoice.', parameters: schema } }],
  tool_choice: 'auto',
  response_format: { type: 'json_schema', json_schema: { name: 'invoice', strict: true, schema } },
  provider: { require_parameters: true },
  max_tokens: 1024,
}
const steps = cascadeOf(request)
const matrix = generateMatrix({ request, steps, canServe: (k) => canStepServe(request, steps[k], BUILTIN_CATALOG, config.emulator) })
const plans = Array.from({ length: CASES }, (_, i) => matrix[i % matrix.length])

/** Best of `rounds` timings of `fn` run `n` times: the least disturbed measurement. */
async function perSecond(n, fn, rounds = 5) {
  let best = Infinity
  for (let r = 0; r < rounds; r++) {
    const start = performance.now()
    for (let i = 0; i < n; i++) await fn(i)
    best = Math.min(best, performance.now() - start)
  }
  return (n / best) * 1000
}

function row(label, rate, baseline) {
  const ratio = baseline ? `${(baseline / rate).toFixed(2)}x the baseline's time per call` : 'baseline'
  console.log(`  ${label.padEnd(58)} ${Math.round(rate).toString().padStart(8)} /s   ${(1e6 / rate).toFixed(1).padStart(8)} µs   ${ratio}`)
}

const clean = { id: 'clean', at: {}, expect: { servedBy: steps[0] } }
const body = JSON.stringify(request)

console.log(`cascade-harness bench on Node ${process.version}, ${CASES} cases from a ${matrix.length}-plan matrix\n`)

console.log('(a) reference client, no interception')
const bare = await perSecond(CASES, async (i) => {
  const emulator = createEmulator({ catalog: BUILTIN_CATALOG, plan: clean, seed: i, options: config.emulator })
  const response = await emulator.handle(new Request('https://openrouter.ai/api/v1/chat/completions', { method: 'POST', headers: { authorization: 'Bearer sk-bench', 'content-type': 'application/json' }, body }))
  await response.text()
})
row('bare emulator call (createEmulator + handle)', bare)
const referenceScenario = { name: 'bench', request, client: 'reference', expect: {}, faults: 'matrix' }
const judged = await perSecond(CASES, (i) => runCase({ scenario: referenceScenario, steps, plan: plans[i], catalog: BUILTIN_CATALOG, config, seed: i, enforceServedBy: false }))
row('judged case, reference client', judged, bare)

console.log('\n(b) user client through interception')
const interception = startInterception()
const trivial = {
  traces: [],
  async handle(req) {
    await req.text()
    return new Response('{"choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}', { headers: { 'content-type': 'application/json' } })
  },
}
const roundTrip = await perSecond(CASES, () =>
  interception.runInCase({ emulator: trivial, onUnhandled: () => undefined }, async () => {
    const response = await fetch('https://openrouter.ai/api/v1/chat/completions', { method: 'POST', headers: { authorization: 'Bearer sk-bench', 'content-type': 'application/json' }, body })
    return response.json()
  }),
)
row('bare intercepted fetch round trip (trivial emulator)', roundTrip)
// The floor of any user-client case: one intercepted fetch answered by the real emulator, unjudged.
const roundTripReal = await perSecond(CASES, (i) => {
  const emulator = createEmulator({ catalog: BUILTIN_CATALOG, plan: clean, seed: i, options: config.emulator })
  return interception.runInCase({ emulator, onUnhandled: () => undefined }, async () => {
    const response = await fetch('https://openrouter.ai/api/v1/chat/completions', { method: 'POST', headers: { authorization: 'Bearer sk-bench', 'content-type': 'application/json' }, body })
    return response.json()
  })
})
row('bare intercepted fetch round trip (real emulator)', roundTripReal, roundTrip)
const userScenario = {
  name: 'bench-user',
  request,
  expect: {},
  faults: 'matrix',
  client: async ({ request: sent, signal }) => {
    const response = await fetch('https://openrouter.ai/api/v1/chat/completions', { method: 'POST', headers: { authorization: 'Bearer sk-bench', 'content-type': 'application/json' }, body: JSON.stringify(sent), signal })
    const completion = await response.json()
    if (!response.ok || completion.error) throw Object.assign(new Error(completion.error?.message ?? `HTTP ${response.status}`), { name: 'RouterError' })
    return completion
  },
}
const userJudged = await perSecond(CASES, (i) => runCase({ scenario: userScenario, steps, plan: plans[i], catalog: BUILTIN_CATALOG, config, seed: i, enforceServedBy: false }))
row('judged case, fetch client through interception', userJudged, roundTripReal)
interception.stop?.()

console.log('\n(c) lint')
const lintBaseline = await perSecond(CASES, () => JSON.parse(body))
row('baseline: JSON.parse of the request', lintBaseline)
const lintRate = await perSecond(CASES, () => lintRequest(request, BUILTIN_CATALOG, { severities: {} }))
row('lint of one scenario (every rule)', lintRate, lintBaseline)

console.log(`\nTargets: (a) >= 10,000 judged cases/s; (b) a judged user-client case <= 1.5x an intercepted round trip to the emulator; (c) 50 scenarios well under a second.`)
