/**
 * The net under both interception paths. msw's socket interceptor answers HTTP it can parse and
 * passes anything else through to a real connection: raw `net.connect` with other bytes, `tls.connect`
 * to a host it does not parse, UDP. While interception is on, every real connection this process
 * would open is refused here, at the handles Node's `net`, `tls` and `dgram` all end in (a TCP
 * connect, a UDP send): the caller gets ECONNREFUSED, nothing leaves the machine or reaches a local
 * listener, and the case whose async context made the attempt fails, naming the address.
 * msw's own mocked sockets never open a real handle, so they are not affected.
 */
import { constants } from 'node:os'
import type { CaseRoute } from './case-route.js'
import { processWideGuard, type Guard, type GuardSwitch } from './process-wide-guard.js'

type Binding = { prototype: Record<string, unknown> }
const REFUSED = -(constants.errno.ECONNREFUSED ?? 111)

/** Installs the guard once per process (patches stay; `active` switches them). */
export function guardRawSockets(currentRoute: () => CaseRoute | undefined): GuardSwitch {
  return processWideGuard('cascade-harness.raw-socket-guard', currentRoute, install)
}

function binding(name: string): Record<string, Binding> | undefined {
  try {
    // The handles every socket of node:net, node:tls and node:dgram is built on.
    return (process as unknown as { binding(name: string): Record<string, Binding> }).binding(name)
  } catch {
    return undefined
  }
}

function install(guard: Guard): void {
  const refuse = (target: string): boolean => {
    if (!guard.active) return false
    guard.currentRoute()?.onUnhandled(target)
    return true
  }
  const tcp = binding('tcp_wrap')?.TCP
  for (const method of ['connect', 'connect6'] as const)
    patch(tcp, method, (args) => (refuse(`tcp://${String(args[1])}:${String(args[2])}`) ? REFUSED : undefined))
  // Unix sockets stay open: they are local by nature, and tools the harness runs on use them (tsx's IPC).
  const udp = binding('udp_wrap')?.UDP
  for (const method of ['send', 'send6'] as const)
    patch(udp, method, (args) =>
      refuse(`udp://${String(args[4] ?? args[5] ?? '')}:${String(args[3] ?? '')}`) ? REFUSED : undefined,
    )
  for (const method of ['connect', 'connect6'] as const)
    patch(udp, method, (args) => (refuse(`udp://${String(args[0])}:${String(args[1])}`) ? REFUSED : undefined))
}

function patch(handle: Binding | undefined, method: string, check: (args: unknown[]) => number | undefined): void {
  const real = handle?.prototype[method]
  if (typeof real !== 'function') return
  handle!.prototype[method] = function (this: unknown, ...args: unknown[]) {
    const refused = check(args)
    return refused ?? (real as (...a: unknown[]) => unknown).apply(this, args)
  }
}
