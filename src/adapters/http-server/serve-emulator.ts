import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { selectPlan, type PlanSelection } from './plan-selection.js'

/**
 * The emulator over `node:http`: translates an IncomingMessage into a Fetch `Request`, hands it to
 * `handle` with the plan text and session the client selected (plan-selection.ts `selectPlan`; the
 * handler reads the text against the body, `resolvePlan`), and writes the `Response` back,
 * streaming its body (SSE arrives chunk by chunk, as from the real router). A handler that rejects
 * with a connection reset (a `TypeError` whose cause has code `ECONNRESET`, what fetch throws) gets
 * the socket destroyed, so the client sees a real reset. Binds 127.0.0.1 only: it is a test double,
 * never a service.
 */

export type ServeHandler = (request: Request, selection: PlanSelection) => Promise<Response>

export interface ServeEmulatorOptions {
  /** 0 picks a free port. */
  port: number
  host?: '127.0.0.1' | 'localhost' | '::1'
  handle: ServeHandler
  /** Told about a handler that failed with something other than a connection reset (it answers 500). */
  onError?: (error: unknown) => void
}

export interface EmulatorServer {
  /** `http://127.0.0.1:PORT` (no trailing slash; clients use `${url}/api/v1`). */
  readonly url: string
  readonly port: number
  /** Stops accepting, drops open connections (keep-alive, streams) and resolves once closed. */
  close(): Promise<void>
}

export async function serveEmulator(options: ServeEmulatorOptions): Promise<EmulatorServer> {
  const host = options.host ?? '127.0.0.1'
  const server = createServer((req, res) => {
    void respond(req, res, options).catch((error: unknown) => {
      options.onError?.(error)
      req.socket.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  let closing: Promise<void> | undefined
  return {
    url,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      return closing
    },
  }
}

async function respond(req: IncomingMessage, res: ServerResponse, options: ServeEmulatorOptions): Promise<void> {
  const origin = `http://${req.headers.host ?? '127.0.0.1'}`
  const url = new URL(req.url ?? '/', origin)
  const headers = toHeaders(req)
  const selected = selectPlan(url.pathname, headers)
  if (!selected.ok) {
    await writeResponse(res, errorResponse(400, `cascade-harness serve: ${selected.message} See docs/serve.md.`))
    return
  }
  const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req)
  // The client hanging up aborts the request: the emulator's waits and stalls end with it.
  const gone = new AbortController()
  res.once('close', () => gone.abort())
  const request = new Request(new URL(`${selected.path}${url.search}`, origin), {
    method: req.method ?? 'GET',
    headers,
    body: body && body.length > 0 ? new Uint8Array(body) : undefined,
    signal: gone.signal,
  })
  let response: Response
  try {
    response = await options.handle(request, selected.selection)
  } catch (error) {
    if (isConnectionReset(error)) {
      resetConnection(req.socket)
      return
    }
    options.onError?.(error)
    await writeResponse(
      res,
      errorResponse(
        500,
        'cascade-harness serve: the emulator failed on this request (a bug on our side). Set CASCADE_DEBUG=1 and report it.',
      ),
    )
    return
  }
  await writeResponse(res, response, req.socket)
}

/** Hop-by-hop headers describe this connection, not the message; they never cross into a Request. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
])

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers()
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] as string
    if (!HOP_BY_HOP.has(name.toLowerCase())) headers.append(name, req.rawHeaders[i + 1] as string)
  }
  return headers
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

async function writeResponse(res: ServerResponse, response: Response, socket?: Socket): Promise<void> {
  const headers: Record<string, string | string[]> = {}
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie' && !HOP_BY_HOP.has(name)) headers[name] = value
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) headers['set-cookie'] = cookies
  res.writeHead(response.status, response.statusText || undefined, headers)
  // Send the headers now: a streaming client sees the 200 before the first chunk, as with the router.
  res.flushHeaders()
  if (!response.body) {
    res.end()
    return
  }
  const reader = response.body.getReader()
  const onClose = () => void reader.cancel().catch(() => undefined)
  res.once('close', onClose)
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>
      try {
        chunk = await reader.read()
      } catch (error) {
        // A body that fails mid-stream is a transport fault: a reset sends an RST; a cut closes the
        // socket without the chunked terminator, so the client sees a body that never finished.
        if (isConnectionReset(error) && socket !== undefined) resetConnection(socket)
        else res.destroy()
        return
      }
      if (chunk.done) break
      if (res.destroyed) return
      if (!res.write(chunk.value))
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off('drain', done)
            res.off('close', done)
            resolve()
          }
          res.on('drain', done)
          res.on('close', done)
        })
    }
    res.end()
  } finally {
    res.off('close', onClose)
  }
}

/**
 * A real reset: the socket is closed with a TCP RST (SO_LINGER 0), so every HTTP stack reports
 * ECONNRESET (curl: "Connection reset by peer", exit 56) rather than a clean close.
 */
function resetConnection(socket: Socket): void {
  if (socket.destroyed) return
  try {
    socket.resetAndDestroy()
  } catch {
    socket.destroy()
  }
}

/** What fetch throws for a reset connection: a TypeError whose cause has code ECONNRESET. */
export function isConnectionReset(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause
  return error instanceof TypeError && cause?.code === 'ECONNRESET'
}

/** An error in the router's envelope (docs/router-behaviour.md §4.1), so every client parses it. */
export function errorResponse(status: number, message: string): Response {
  return Response.json({ error: { code: status, message } }, { status })
}
