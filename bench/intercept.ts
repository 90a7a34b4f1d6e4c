/**
 * What one intercepted request costs, per interception and per client, against the bare emulator
 * call measured in the same run. The figures and the choice they led to are in
 * docs/decisions/interception.md.
 *
 *   npx node --import tsx bench/intercept.ts                       # every variant found
 *   npx node --import tsx bench/intercept.ts --msw2 /tmp/mswbench  # adds msw 2.15 (installed there)
 *   npx node --import tsx bench/intercept.ts --ms 3000 --json out.json
 *
 * msw 2.15 is not a dependency: install it in a scratch folder outside the repo
 * (`mkdir /tmp/mswbench && cd /tmp/mswbench && npm init -y && npm install msw@2.15.0`) and pass it.
 * Each (variant, client) pair runs in its own child process: every interception patches process
 * globals, and a process that has already run other clients is slower by a heap and JIT it did not
 * get for them (up to 20% in trials), which would bias whichever client runs last.
 * No request leaves the process: every client targets openrouter.ai, which every variant answers.
 */
import { spawnSync } from 'node:child_process'
import http from 'node:http'
import https from 'node:https'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL, fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { Emulator } from '../src/core/emulator/types.js'

const { values: args } = parseArgs({
  options: {
    variant: { type: 'string' },
    client: { type: 'string' },
    msw2: { type: 'string' },
    ms: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '5' },
    json: { type: 'string' },
    only: { type: 'string' },
  },
})

const BODY = JSON.stringify({ model: 'google/gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] })
const COMPLETION = JSON.stringify({
  id: 'gen-bench',
  object: 'chat.completion',
  created: 1,
  model: 'google/gemini-2.5-flash',
  choices: [{ index: 0, message: { role: 'assistant', content: 'bench-ok' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
})

/** The trivial emulator: reads the JSON body (as the real one does) and answers a small completion. */
const emulator: Emulator = {
  traces: [],
  async handle(request) {
    await request.json()
    return new Response(COMPLETION, { headers: { 'content-type': 'application/json' } })
  },
}

type Client = () => Promise<unknown>
type ClientName = 'direct' | 'fetch http' | 'fetch https' | 'node:http' | 'node:https' | 'openai SDK' | 'AI SDK'

interface VariantResult {
  variant: string
  rows: { client: ClientName; usPerRequest?: number; rounds?: number[]; error?: string }[]
}

function nodeRequest(mod: typeof http | typeof https, url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(BODY)
  })
}

async function fetchJson(url: string): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY })
  return res.json()
}

const URL_PATH = '://openrouter.ai/api/v1/chat/completions'

/** The clients a user-client case may use. The SDKs are built after interception starts. */
async function clients(sdkFetch?: typeof fetch): Promise<Record<Exclude<ClientName, 'direct'>, Client>> {
  const { default: OpenAI } = await import('openai')
  const { createOpenRouter } = await import('@openrouter/ai-sdk-provider')
  const { generateText } = await import('ai')
  const openai = new OpenAI({
    baseURL: 'https://openrouter.ai/api/v1',
    apiKey: 'sk-bench',
    maxRetries: 0,
    ...(sdkFetch ? { fetch: sdkFetch } : {}),
  })
  const openrouter = createOpenRouter({ apiKey: 'sk-bench', ...(sdkFetch ? { fetch: sdkFetch } : {}) })
  const model = openrouter.chat('google/gemini-2.5-flash')
  return {
    'fetch http': () => fetchJson('http' + URL_PATH),
    'fetch https': () => fetchJson('https' + URL_PATH),
    'node:http': () => nodeRequest(http, 'http' + URL_PATH),
    'node:https': () => nodeRequest(https, 'https' + URL_PATH),
    'openai SDK': async () =>
      (
        await openai.chat.completions.create({
          model: 'google/gemini-2.5-flash',
          messages: [{ role: 'user', content: 'hi' }],
        })
      ).choices[0]?.message.content,
    'AI SDK': async () => (await generateText({ model, prompt: 'hi', maxRetries: 0 })).text,
  }
}

/**
 * µs per request: warm-up, then 5 timed batches of sequential requests; the fastest batch, since
 * the noise on a shared 2-core machine (other processes) only ever adds time.
 */
async function measure(client: Client, totalMs: number): Promise<number> {
  const check = JSON.stringify(await client())
  if (!check.includes('bench-ok')) throw new Error(`unexpected answer ${check.slice(0, 80)}`)
  const warmUntil = performance.now() + Math.min(500, totalMs / 4)
  while (performance.now() < warmUntil) await client()
  const perBatch: number[] = []
  const batchMs = totalMs / 5
  for (let b = 0; b < 5; b++) {
    let n = 0
    const start = performance.now()
    let now = start
    while (now - start < batchMs) {
      await client()
      n++
      now = performance.now()
    }
    perBatch.push(((now - start) * 1000) / n)
  }
  return Math.min(...perBatch)
}

const MSW_ROUTE = /^https?:\/\/openrouter\.ai\/api\/v1\//

interface Setup {
  /** Wraps each timed call (the chosen variant runs its requests inside a case). */
  wrap?: (client: Client) => Client
  sdkFetch?: typeof fetch
  stop(): void | Promise<void>
}

const ALL: ClientName[] = ['fetch http', 'fetch https', 'node:http', 'node:https', 'openai SDK', 'AI SDK']

const variants: Record<string, () => Promise<Setup>> = {
  async 'bare emulator.handle'() {
    return { stop() {} }
  },
  async 'SDK over the emulator, no interception'() {
    // The SDKs' own cost: their `fetch` option calls the emulator directly.
    return { sdkFetch: (input, init) => emulator.handle(new Request(input, init)), stop() {} }
  },
  async 'msw 3.0.5 setupServer'() {
    const { setupServer } = await import('msw/node')
    const { http: mswHttp } = await import('msw')
    const server = setupServer(mswHttp.all(MSW_ROUTE, ({ request }) => emulator.handle(request)))
    server.listen({ onUnhandledFrame: 'error' })
    return { stop: () => server.close() }
  },
  async 'msw 3.0.5 network: Fetch + ClientRequest interceptors'() {
    const { defineNetwork, InterceptorSource } = await import('msw/experimental')
    const { http: mswHttp } = await import('msw')
    const { FetchInterceptor } = await import('@mswjs/interceptors/fetch')
    const { ClientRequestInterceptor } = await import('@mswjs/interceptors/ClientRequest')
    const network = defineNetwork({
      sources: [new InterceptorSource({ interceptors: [new FetchInterceptor(), new ClientRequestInterceptor()] })],
      handlers: [mswHttp.all(MSW_ROUTE, ({ request }) => emulator.handle(request))],
      onUnhandledFrame: 'error',
      context: { quiet: true },
    })
    await network.enable()
    return { stop: () => network.disable() }
  },
  async 'interceptors 0.45 HttpRequestInterceptor, no msw'() {
    const { HttpRequestInterceptor } = await import('@mswjs/interceptors/http')
    const interceptor = new HttpRequestInterceptor()
    interceptor.apply()
    interceptor.on('request', async ({ request, controller }) => controller.respondWith(await emulator.handle(request)))
    return { stop: () => interceptor.dispose() }
  },
  async 'msw 2.15 setupServer'() {
    const root = msw2Root()
    const { setupServer } = await import(pathToFileURL(join(root, 'msw/lib/node/index.mjs')).href)
    const { http: mswHttp } = await import(pathToFileURL(join(root, 'msw/lib/core/index.mjs')).href)
    const server = setupServer(mswHttp.all(MSW_ROUTE, ({ request }: { request: Request }) => emulator.handle(request)))
    server.listen({ onUnhandledRequest: 'error' })
    return { stop: () => server.close() }
  },
  async 'interceptors 0.41 (msw 2.15) Fetch + ClientRequest, no msw'() {
    const root = join(msw2Root(), '@mswjs/interceptors/lib/node')
    const { BatchInterceptor } = await import(pathToFileURL(join(root, 'index.mjs')).href)
    const { FetchInterceptor } = await import(pathToFileURL(join(root, 'interceptors/fetch/index.mjs')).href)
    const { ClientRequestInterceptor } = await import(
      pathToFileURL(join(root, 'interceptors/ClientRequest/index.mjs')).href
    )
    const interceptor = new BatchInterceptor({
      name: 'bench',
      interceptors: [new FetchInterceptor(), new ClientRequestInterceptor()],
    })
    interceptor.apply()
    interceptor.on(
      'request',
      async ({ request, controller }: { request: Request; controller: { respondWith(r: Response): void } }) =>
        controller.respondWith(await emulator.handle(request)),
    )
    return { stop: () => interceptor.dispose() }
  },
  async 'chosen: fetch-level + socket interceptor (startInterception)'() {
    const { startInterception } = await import('../src/adapters/intercept/index.js')
    const interception = startInterception()
    const route = {
      emulator,
      baseUrls: ['https://openrouter.ai/api/v1', 'http://openrouter.ai/api/v1'],
      onUnhandled: (url: string) => {
        throw new Error(`unhandled ${url}`)
      },
    }
    return {
      wrap: (client) => () => interception.runInCase(route, client),
      stop: () => interception.stop(),
    }
  },
}

/** The clients a variant measures, without starting it (the parent process stays unpatched). */
function variantClients(name: string): ClientName[] {
  if (name === 'bare emulator.handle') return ['direct']
  if (name.startsWith('SDK over')) return ['openai SDK', 'AI SDK']
  return ALL
}

function msw2Root(): string {
  const dir = args.msw2 ?? process.env.MSW2_DIR
  const root = dir === undefined ? '' : join(dir, 'node_modules')
  if (!existsSync(join(root, 'msw/lib/node/index.mjs')))
    throw new Error('msw 2.15 not found: pass --msw2 <folder where msw@2.15.0 is installed>')
  return root
}

async function runVariant(name: string, only?: string): Promise<VariantResult> {
  const setup = await variants[name]!()
  const all = await clients(setup.sdkFetch)
  const rows: VariantResult['rows'] = []
  for (const client of variantClients(name)) {
    if (only !== undefined && client !== only) continue
    const raw: Client =
      client === 'direct'
        ? () =>
            emulator
              .handle(
                new Request('https' + URL_PATH, {
                  method: 'POST',
                  headers: { 'content-type': 'application/json' },
                  body: BODY,
                }),
              )
              .then((r) => r.json())
        : all[client]
    const call = setup.wrap ? setup.wrap(raw) : raw
    try {
      rows.push({ client, usPerRequest: await measure(call, Number(args.ms)) })
    } catch (error) {
      rows.push({
        client,
        error:
          error instanceof Error
            ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`
            : String(error),
      })
    }
  }
  await setup.stop()
  return { variant: name, rows }
}

if (args.variant !== undefined) {
  const result = await runVariant(args.variant, args.client)
  process.stdout.write(`${JSON.stringify(result)}\n`)
  process.exit(0)
}

const self = fileURLToPath(import.meta.url)
const names = Object.keys(variants).filter(
  (n) => (args.msw2 ?? process.env.MSW2_DIR) !== undefined || !n.includes('2.15'),
)
const selected = args.only === undefined ? names : names.filter((n) => n.includes(args.only!))
/**
 * Rounds interleave every (variant, client) pair, so a burst of load from elsewhere hits one round of
 * each rather than every measurement of one variant. The figure is the fastest round: on a shared
 * machine, other work only ever adds time (rounds of one pair were seen to differ 3-10× under load).
 */
const pairs = selected.flatMap((variant) => variantClients(variant).map((client) => ({ variant, client })))
const measured = new Map<string, { rounds: number[]; error?: string }>()
for (let round = 1; round <= Number(args.rounds); round++) {
  for (const { variant, client } of pairs) {
    const key = `${variant}\u0000${client}`
    const entry = measured.get(key) ?? { rounds: [] }
    measured.set(key, entry)
    if (entry.error !== undefined) continue
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        self,
        '--variant',
        variant,
        '--client',
        client,
        '--ms',
        args.ms!,
        ...(args.msw2 ? ['--msw2', args.msw2] : []),
      ],
      { encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } },
    )
    const line = child.stdout.trim().split('\n').pop() ?? ''
    const row = child.status === 0 && line.startsWith('{') ? (JSON.parse(line) as VariantResult).rows[0] : undefined
    if (row?.usPerRequest !== undefined) entry.rounds.push(row.usPerRequest)
    else entry.error = row?.error ?? (child.stderr || child.stdout).trim().split('\n').slice(-3).join(' ')
    process.stderr.write(`round ${round}: ${variant}, ${client}\n`)
  }
}
const results: VariantResult[] = selected.map((variant) => ({
  variant,
  rows: variantClients(variant).map((client) => {
    const entry = measured.get(`${variant}\u0000${client}`)!
    return entry.error !== undefined
      ? { client, error: entry.error }
      : { client, usPerRequest: Math.min(...entry.rounds), rounds: entry.rounds }
  }),
}))

const bare = results.find((r) => r.variant === 'bare emulator.handle')?.rows[0]?.usPerRequest
const sdkFloor = new Map(
  results.find((r) => r.variant.startsWith('SDK over'))?.rows.map((r) => [r.client, r.usPerRequest]) ?? [],
)
const lines = [
  `node ${process.version}, ${(await import('node:os')).cpus().length} cores, ${args.rounds} rounds of ${args.ms} ms per pair (fastest of 5 batches), fastest round; load average at the end ${(await import('node:os')).loadavg()[0]!.toFixed(2)}`,
  '',
]
lines.push(
  '| interception | client | µs / request | every round | × bare emulator | × SDK without interception |',
  '| --- | --- | ---: | --- | ---: | ---: |',
)
for (const r of results) {
  for (const row of r.rows) {
    if (row.usPerRequest === undefined) {
      lines.push(`| ${r.variant} | ${row.client} | failed: ${row.error} | | | |`)
      continue
    }
    const floor = sdkFloor.get(row.client)
    const xBare = bare ? (row.usPerRequest / bare).toFixed(1) : ''
    const xSdk = floor !== undefined ? (row.usPerRequest / floor).toFixed(2) : ''
    const spread = (row.rounds ?? []).map((x) => x.toFixed(0)).join(' / ')
    lines.push(`| ${r.variant} | ${row.client} | ${row.usPerRequest.toFixed(0)} | ${spread} | ${xBare} | ${xSdk} |`)
  }
}
console.log(lines.join('\n'))
if (args.json !== undefined) writeFileSync(args.json, JSON.stringify({ node: process.version, results }, null, 2))
