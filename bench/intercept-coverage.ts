/**
 * Which clients each interception catches, checked rather than read from source: a real HTTP server
 * on 127.0.0.1 stands in for the network and counts connections, every interception answers every
 * URL, and each client calls the server. A request the interception answered is "caught"; one that
 * reached the server "escaped". Nothing leaves the machine. The result is in
 * docs/decisions/interception.md.
 *
 *   npx node --import tsx bench/intercept-coverage.ts [--msw2 /tmp/mswbench]
 */
import { spawnSync } from 'node:child_process'
import http from 'node:http'
import https from 'node:https'
import { existsSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import type { Emulator } from '../src/core/emulator/types.js'

const { values: args } = parseArgs({ options: { variant: { type: 'string' }, msw2: { type: 'string' } } })

const COMPLETION = {
  id: 'gen-cov',
  object: 'chat.completion',
  created: 1,
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: 'caught' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
}
const emulator: Emulator = { traces: [], handle: async () => Response.json(COMPLETION) }
const answer = () => Response.json(COMPLETION)

const CLIENTS = [
  'global fetch',
  'node:http',
  'node:https',
  'openai SDK',
  'AI SDK',
  'fetch captured before start',
  'openai SDK built before start',
] as const
type ClientName = (typeof CLIENTS)[number]

function nodeGet(url: string): Promise<string> {
  const mod = url.startsWith('https:') ? https : http
  return new Promise((resolve, reject) => {
    mod
      .get(url, { rejectUnauthorized: false }, (res) => {
        let body = ''
        res.on('data', (c: Buffer) => (body += c.toString()))
        res.on('end', () => resolve(body))
      })
      .on('error', reject)
  })
}

async function child(variant: string): Promise<void> {
  let connections = 0
  const server = http.createServer((_req, res) => res.end('escaped'))
  server.on('connection', () => connections++)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const base = `http://127.0.0.1:${port}/api/v1`
  const { default: OpenAI } = await import('openai')
  const { createOpenRouter } = await import('@openrouter/ai-sdk-provider')
  const { generateText } = await import('ai')
  const capturedFetch = globalThis.fetch
  const earlyOpenAI = new OpenAI({ baseURL: base, apiKey: 'sk', maxRetries: 0 })

  const stop = await setups[variant]!(base)
  const wrap = stop.wrap ?? ((f) => f())
  const calls: Record<ClientName, () => Promise<unknown>> = {
    'global fetch': async () => (await fetch(`${base}/chat/completions`, { method: 'POST', body: '{}' })).text(),
    'node:http': () => nodeGet(`${base}/models`),
    'node:https': () => nodeGet(`https://127.0.0.1:${port}/api/v1/models`),
    'openai SDK': async () =>
      (
        await new OpenAI({ baseURL: base, apiKey: 'sk', maxRetries: 0 }).chat.completions.create({
          model: 'm',
          messages: [],
        })
      ).choices[0]?.message.content,
    'AI SDK': async () =>
      (
        await generateText({
          model: createOpenRouter({ apiKey: 'sk', baseURL: base }).chat('m'),
          prompt: 'x',
          maxRetries: 0,
        })
      ).text,
    'fetch captured before start': async () =>
      (await capturedFetch(`${base}/chat/completions`, { method: 'POST', body: '{}' })).text(),
    'openai SDK built before start': async () =>
      (await earlyOpenAI.chat.completions.create({ model: 'm', messages: [] })).choices[0]?.message.content,
  }
  const verdicts: Record<string, string> = {}
  for (const name of CLIENTS) {
    const before = connections
    let outcome: string
    try {
      const got = JSON.stringify(await wrap(calls[name]))
      outcome = got.includes('caught') ? 'caught' : `answered ${got.slice(0, 40)}`
    } catch (error) {
      outcome = `error: ${error instanceof Error ? error.message : String(error)}`
    }
    verdicts[name] = connections > before ? 'ESCAPED (reached the server)' : outcome
  }
  await stop.stop()
  server.closeAllConnections()
  server.close()
  process.stdout.write(`${JSON.stringify(verdicts)}\n`)
}

type Setup = { stop(): void | Promise<void>; wrap?: (f: () => Promise<unknown>) => Promise<unknown> }

function msw2Root(): string {
  const dir = args.msw2 ?? process.env.MSW2_DIR
  const root = dir === undefined ? '' : join(dir, 'node_modules')
  if (!existsSync(join(root, 'msw/lib/node/index.mjs'))) throw new Error('msw 2.15 not found: pass --msw2 <folder>')
  return root
}

const setups: Record<string, (base: string) => Promise<Setup>> = {
  async 'msw 3.0.5 setupServer'() {
    const { setupServer } = await import('msw/node')
    const { http: mswHttp } = await import('msw')
    const server = setupServer(mswHttp.all('*', answer))
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
      handlers: [mswHttp.all('*', answer)],
      context: { quiet: true },
    })
    await network.enable()
    return { stop: () => network.disable() }
  },
  async 'interceptors 0.45 HttpRequestInterceptor, no msw'() {
    const { HttpRequestInterceptor } = await import('@mswjs/interceptors/http')
    const interceptor = new HttpRequestInterceptor()
    interceptor.apply()
    interceptor.on('request', ({ controller }) => controller.respondWith(answer()))
    return { stop: () => interceptor.dispose() }
  },
  async 'msw 2.15 setupServer'() {
    const root = msw2Root()
    const { setupServer } = await import(pathToFileURL(join(root, 'msw/lib/node/index.mjs')).href)
    const { http: mswHttp } = await import(pathToFileURL(join(root, 'msw/lib/core/index.mjs')).href)
    const server = setupServer(mswHttp.all('*', answer))
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
      name: 'coverage',
      interceptors: [new FetchInterceptor(), new ClientRequestInterceptor()],
    })
    interceptor.apply()
    interceptor.on('request', ({ controller }: { controller: { respondWith(r: Response): void } }) =>
      controller.respondWith(answer()),
    )
    return { stop: () => interceptor.dispose() }
  },
  async 'chosen: fetch-level + socket interceptor (startInterception)'(base) {
    const { startInterception } = await import('../src/adapters/intercept/index.js')
    const interception = startInterception()
    const origin = new URL(base).origin
    const route = { emulator, baseUrls: [base, origin.replace('http:', 'https:')], onUnhandled: () => {} }
    return { stop: () => interception.stop(), wrap: (f) => interception.runInCase(route, f) }
  },
}

if (args.variant !== undefined) {
  await child(args.variant)
  process.exit(0)
}

const self = fileURLToPath(import.meta.url)
const names = Object.keys(setups).filter(
  (n) => (args.msw2 ?? process.env.MSW2_DIR) !== undefined || !n.includes('2.15'),
)
const lines = [`| interception | ${CLIENTS.join(' | ')} |`, `| --- |${CLIENTS.map(() => ' --- |').join('')}`]
for (const name of names) {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', self, '--variant', name, ...(args.msw2 ? ['--msw2', args.msw2] : [])],
    {
      encoding: 'utf8',
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
      timeout: 120_000,
    },
  )
  const line = run.stdout.trim().split('\n').pop() ?? ''
  if (!line.startsWith('{')) {
    lines.push(`| ${name} | failed: ${(run.stderr || run.stdout).trim().split('\n').slice(-2).join(' ')} |`)
    continue
  }
  const verdicts = JSON.parse(line) as Record<string, string>
  lines.push(`| ${name} | ${CLIENTS.map((c) => verdicts[c]!.replace(/\|/g, '/').slice(0, 60)).join(' | ')} |`)
}
console.log(lines.join('\n'))
