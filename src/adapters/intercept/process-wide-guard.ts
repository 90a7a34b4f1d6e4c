import type { CaseRoute } from './case-route.js'

/** What a guard's patches read on every call: whether a case runs, and which. */
export interface Guard {
  active: boolean
  currentRoute: () => CaseRoute | undefined
}

/** Switches a guard's patches on while interception is on. */
export interface GuardSwitch {
  enable(): void
  disable(): void
}

/**
 * Installs a guard's patches once per process, under a global symbol (a second copy of the package, or a
 * second interception, must not wrap Node's built-ins twice; patches stay, since code may have captured
 * them, and `active` switches them), and returns the switch for the caller's interception.
 */
export function processWideGuard(
  key: string,
  currentRoute: () => CaseRoute | undefined,
  install: (guard: Guard) => void,
): GuardSwitch {
  const symbol = Symbol.for(key)
  const slot = globalThis as { [symbol]?: Guard }
  let guard = slot[symbol]
  if (guard === undefined) {
    guard = { active: false, currentRoute }
    slot[symbol] = guard
    install(guard)
  }
  const installed = guard
  return {
    enable: () => {
      installed.currentRoute = currentRoute
      installed.active = true
    },
    disable: () => {
      installed.active = false
    },
  }
}
