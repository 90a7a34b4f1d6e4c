/**
 * A child process a client starts (`curl`, a Python script) runs outside this process: no patch here
 * reaches its sockets. While interception is on, every child spawned from a client's case gets proxy
 * variables (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, lowercase too; NO_PROXY cleared) pointing at a local
 * proxy of the harness that answers every request with 403 and forwards nothing. The proxy URL names
 * the case (a per-case user in it), so the refused request fails that case, naming its target.
 * The environment is added at ChildProcess.prototype.spawn, where spawn, exec, execFile and fork meet,
 * and at the synchronous spawn binding (execSync, spawnSync): a child given `env: {}` gets it too.
 * A program that ignores proxy variables (or clears them) is not covered; the README says so.
 */
import { ChildProcess } from 'node:child_process'
import net from 'node:net'
import type { CaseRoute } from './case-route.js'
import { processWideGuard, type Guard, type GuardSwitch } from './process-wide-guard.js'

const PROXY_NAMES = ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy']
const UNUSED_PORT = 1
const CLEARED = new Set([...PROXY_NAMES, 'NO_PROXY', 'no_proxy'])

export function guardChildProcesses(currentRoute: () => CaseRoute | undefined): GuardSwitch {
  return processWideGuard('cascade-harness.child-process-guard', currentRoute, install)
}

type SpawnOptions = { envPairs?: string[] }

function install(guard: Guard): void {
  const proxy = refusingProxy()
  const withProxies = (options: SpawnOptions | undefined): void => {
    if (!guard.active || options === undefined || !Array.isArray(options.envPairs)) return
    // The harness's own children ({ exec } commands, its watchdog) start outside any case and keep their environment.
    const route = guard.currentRoute()
    if (route === undefined) return
    const url = proxy.urlFor(route)
    options.envPairs = [
      ...options.envPairs.filter((pair) => !CLEARED.has(pair.slice(0, pair.indexOf('=')))),
      ...PROXY_NAMES.map((name) => `${name}=${url}`),
    ]
  }
  // Node's own (undocumented) method every asynchronous spawn goes through, with the options already normalised.
  const prototype = ChildProcess.prototype as unknown as { spawn: (options: SpawnOptions) => unknown }
  const realSpawn = prototype.spawn
  prototype.spawn = function (this: ChildProcess, options: SpawnOptions) {
    withProxies(options)
    return realSpawn.call(this, options)
  }
  try {
    const spawnSync = (
      process as unknown as { binding(name: string): { spawn?: (options: SpawnOptions) => unknown } }
    ).binding('spawn_sync')
    const realSync = spawnSync.spawn
    if (typeof realSync === 'function')
      spawnSync.spawn = (options: SpawnOptions) => {
        withProxies(options)
        return realSync.call(spawnSync, options)
      }
  } catch {
    // No legacy binding on this Node: synchronous spawns keep their environment.
  }
}

/**
 * The proxy every guarded child is pointed at: it reads the request head, tells the case (found by the
 * user in the proxy URL) which URL its client's child process tried, answers 403 and closes. It listens on
 * 127.0.0.1 only, from the moment interception starts, and does not keep the process alive.
 */
function refusingProxy(): { urlFor(route: CaseRoute): string } {
  const tokens = new WeakMap<CaseRoute, string>()
  const routes = new Map<string, WeakRef<CaseRoute>>()
  let port: number | undefined
  const server = net.createServer((socket) => {
    let head = ''
    socket.setEncoding('latin1')
    socket.on('error', () => undefined)
    socket.on('data', (chunk: string) => {
      head += chunk
      if (!head.includes('\r\n\r\n') && head.length < 16_384) return
      socket.removeAllListeners('data')
      const route = routes.get(caseToken(head) ?? '')?.deref()
      const target = targetOf(head)
      if (route !== undefined && target !== undefined) route.onUnhandled(target)
      socket.end(
        'HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\ncascade-harness refuses network access from processes a client starts; nothing was sent\n',
      )
    })
  })
  server.on('error', () => undefined)
  server.unref()
  server.listen(0, '127.0.0.1', () => {
    port = (server.address() as net.AddressInfo).port
  })
  return {
    urlFor(route) {
      // Before the proxy listens (a spawn in the same tick as the harness started): port 1, where nothing
      // listens, refuses the connection just as well, only without naming the case.
      if (port === undefined) return `http://127.0.0.1:${UNUSED_PORT}`
      let token = tokens.get(route)
      if (token === undefined) {
        token = `case${routes.size + 1}`
        tokens.set(route, token)
        routes.set(token, new WeakRef(route))
      }
      return `http://${token}:refused@127.0.0.1:${String(port)}`
    },
  }
}

/** The user of the request's Proxy-Authorization (Basic), which names the case. */
function caseToken(head: string): string | undefined {
  const basic = /^proxy-authorization:\s*basic\s+(\S+)/im.exec(head)?.[1]
  if (basic === undefined) return undefined
  return Buffer.from(basic, 'base64').toString('utf8').split(':')[0]
}

/** What the child tried: `CONNECT host:port` (HTTPS through a proxy) or an absolute URL. */
function targetOf(head: string): string | undefined {
  const [method, target] = head.slice(0, head.indexOf('\r\n')).split(' ')
  if (method === undefined || target === undefined) return undefined
  return method === 'CONNECT' ? `https://${target}` : target
}
