import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface LocalRouter {
  /** `http://127.0.0.1:<port>/api/v1` */
  baseUrl: string
  /** Paths requested, in order, with the headers that matter. */
  requests: { path: string; authorization: string | undefined }[]
  close(): Promise<void>
}

/**
 * A stand-in for the router's model list on 127.0.0.1 (an ephemeral port): `respond` answers each
 * request. Tests never touch the network.
 */
export async function startLocalRouter(
  respond: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<LocalRouter> {
  const requests: LocalRouter['requests'] = []
  const server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', authorization: req.headers.authorization })
    respond(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  }
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(typeof body === 'string' ? body : JSON.stringify(body))
}
