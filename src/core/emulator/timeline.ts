/**
 * Time as data: a response body is a list of beats (bytes now, a wait, a stall, a cut connection),
 * and `timedBody` plays them as a ReadableStream with a clock the adapter injects. The core reads no
 * clock itself: without one, waits are skipped (their keep-alive comments are still written, so the
 * bytes are the same) and a stall lasts until the request or the case is aborted.
 */

/** Real-time defaults (config `emulator.timing`): short enough that a run stays fast, long enough that a client's waits are exercised. */
export const DEFAULT_TIMING = { keepAliveMs: 250, chunkGapMs: 5, slowFirstTokenMs: 1500, timeoutMs: 300 }

export type Beat =
  /** Bytes sent now. */
  | { kind: 'text'; text: string }
  /** Real time passes; on a stream the router fills it with a keep-alive comment every `keepAliveMs`. */
  | { kind: 'wait'; ms: number }
  /** Nothing more arrives (on a stream: keep-alive comments only) until the client gives up or the case ends. */
  | { kind: 'stall' }
  /** The connection drops here: the body errors, as when the peer closes the socket mid-response. */
  | { kind: 'cut' }

/** Real time, injected by adapters (runner, serve, exec); `sleep` resolves early when `signal` aborts. */
export interface Clock {
  sleep(ms: number, signal: AbortSignal): Promise<void>
}

export interface Playback {
  clock: Clock | undefined
  /** Aborted when the client gives up or the case is over: every wait and stall ends. */
  signal: AbortSignal
  /** The comment written during waits and stalls; null for a body that is not an event stream. */
  keepAlive: string | null
  keepAliveMs: number
  /**
   * Held while the body plays: the Request whose signal `signal` follows. Fetch links a Request's signal
   * to the caller's through a WeakRef, so a collected Request would never abort a stall.
   */
  holds?: unknown
}

/** The router's keep-alive comment on event streams (D-STR: "OpenRouter occasionally sends comments"). */
export const KEEP_ALIVE = ': OPENROUTER PROCESSING\n\n'

/**
 * What a client's fetch throws when the connection drops mid-body: undici's `TypeError: terminated`
 * whose cause is the socket error. Adapters that own a socket (serve, exec) cut it instead.
 */
export function connectionCut(): TypeError {
  const cause = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' })
  return new TypeError('terminated', { cause })
}

/** What fetch throws when the peer resets the connection: a TypeError whose cause has code ECONNRESET. */
export function connectionReset(): TypeError {
  const cause = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', errno: -104, syscall: 'read' })
  return new TypeError('fetch failed', { cause })
}

/** True when the beats hold nothing but text: the body can be one buffer. */
export function isInstant(beats: readonly Beat[]): boolean {
  return beats.every((beat) => beat.kind === 'text')
}

/** The bytes of the beats as one string, waits rendered as their comments (for tests and instant bodies). */
export function textOf(beats: readonly Beat[], keepAlive: string | null = null, keepAliveMs = 1): string {
  let out = ''
  for (const beat of beats) {
    if (beat.kind === 'text') out += beat.text
    else if (beat.kind === 'wait' && keepAlive !== null) out += keepAlive.repeat(commentsDuring(beat.ms, keepAliveMs))
  }
  return out
}

/** How many keep-alive comments a wait carries: one per full period. */
export function commentsDuring(ms: number, keepAliveMs: number): number {
  return keepAliveMs > 0 ? Math.floor(ms / keepAliveMs) : 0
}

/** Plays `beats` as a byte stream: each text beat is its own chunk, so a client reads them one by one. */
export function timedBody(beats: readonly Beat[], playback: Playback): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  let index = 0
  const { clock, keepAlive, keepAliveMs } = playback
  // A reader that cancels (the client stopped reading) ends the waits as an abort does.
  const cancelled = new AbortController()
  const signal = AbortSignal.any([playback.signal, cancelled.signal])

  const sleep = async (ms: number) => {
    if (clock !== undefined && ms > 0 && !signal.aborted) await clock.sleep(ms, signal)
  }

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        if (signal.aborted) {
          controller.error(connectionReset())
          return
        }
        const beat = beats[index++]
        if (beat === undefined) {
          controller.close()
          return
        }
        switch (beat.kind) {
          case 'text':
            controller.enqueue(encoder.encode(beat.text))
            return
          case 'wait': {
            if (keepAlive === null) {
              await sleep(beat.ms)
              continue
            }
            const comments = commentsDuring(beat.ms, keepAliveMs)
            for (let i = 0; i < comments; i++) {
              await sleep(keepAliveMs)
              if (signal.aborted) break
              controller.enqueue(encoder.encode(keepAlive))
            }
            await sleep(beat.ms - comments * keepAliveMs)
            continue
          }
          case 'stall':
            await stall(keepAlive, keepAliveMs, clock, signal, (text) => controller.enqueue(encoder.encode(text)))
            controller.error(connectionReset())
            return
          case 'cut':
            controller.error(connectionCut())
            return
        }
      }
    },
    cancel() {
      index = beats.length
      cancelled.abort()
      void playback.holds
    },
  })
}

/**
 * Holds until `signal` aborts: with a clock and a stream, a keep-alive comment every period (the
 * router waiting on a provider that never answers); otherwise nothing at all.
 */
export async function stall(
  keepAlive: string | null,
  keepAliveMs: number,
  clock: Clock | undefined,
  signal: AbortSignal,
  send: (text: string) => void = () => {},
): Promise<void> {
  if (clock !== undefined && keepAlive !== null && keepAliveMs > 0) {
    while (!signal.aborted) {
      await clock.sleep(keepAliveMs, signal)
      if (!signal.aborted) send(keepAlive)
    }
    return
  }
  if (signal.aborted) return
  await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
}
