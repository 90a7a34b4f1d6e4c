/**
 * Nothing reaches the network: every route around fetch and node:http is refused while the harness
 * runs clients, and attributed to the case that tried it: raw TCP, TLS, UDP, a late fetch from a
 * timer, a worker thread's fetch, a child process's curl. A local listener (TCP and UDP on one port)
 * stands in for the network and must receive nothing.
 */
import dgram from 'node:dgram'
import net from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Report } from '../../src/schema/report.js'
import { runCli, type CliResult } from '../helpers/run-cli.js'

let received = 0
let server: net.Server
let udp: dgram.Socket
let port: number

beforeAll(async () => {
  server = net.createServer((socket) => {
    received++
    socket.destroy()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as net.AddressInfo).port
  udp = dgram.createSocket('udp4')
  udp.on('message', () => received++)
  await new Promise<void>((resolve) => udp.bind(port, '127.0.0.1', resolve))
})
afterAll(async () => {
  udp.close()
  await new Promise((resolve) => server.close(resolve))
})

/**
 * Both fixture files in one run. Spawned: the CLI keeps interception on until its process exits, past
 * the report, and its guards (the proxy a child process is pointed at) are the CLI process's own.
 */
let escapesRun: Promise<{ result: CliResult; report: Report }> | undefined
function runEscapes() {
  escapesRun ??= (async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'cascade-escapes-'))
    const result = await runCli(
      [
        'run',
        'test/fixtures/clients/escapes.scenario.ts',
        'test/fixtures/clients/process-escapes.scenario.ts',
        '--reporter',
        'json',
        '--out-dir',
        out,
      ],
      { env: { CASCADE_TEST_LISTENER_PORT: String(port) } },
    )
    const report = JSON.parse(await readFile(path.join(out, 'cascade-report.json'), 'utf8')) as Report
    return { result, report }
  })()
  return escapesRun
}

async function failures(name: string) {
  const { report } = await runEscapes()
  return report.scenarios.find((s) => s.name === name)!.cases[0]!.failures.map((f) => f.message)
}

it('raw TCP, TLS, UDP and a late fetch from a timer reach no listener; TCP and UDP cases name what they tried', async () => {
  const { result } = await runEscapes()
  expect(result.code).toBe(1)
  // The late fetch fired 50 ms after its client returned, while the CLI was still alive.
  await new Promise((resolve) => setTimeout(resolve, 100))
  expect(received).toBe(0)
  expect(await failures('raw-tcp')).toContain(
    `the client called tcp://127.0.0.1:${port}, which the harness does not emulate; nothing was sent to the network`,
  )
  // msw holds a TLS connection it cannot parse open until the client gives up: it reaches nothing either.
  expect(await failures('raw-tls')).not.toContainEqual(expect.stringMatching(/^the client crashed/))
  expect(await failures('udp')).toContain(
    `the client called udp://127.0.0.1:${port}, which the harness does not emulate; nothing was sent to the network`,
  )
})

it("a worker thread's fetch and a child process's curl reach no listener, and each case says why", async () => {
  const { result } = await runEscapes()
  expect(result.code).toBe(1)
  expect(received).toBe(0)
  // The client caught the refusal; its case fails anyway.
  expect(await failures('worker-fetch')).toContain(
    'the client started a worker thread, which the harness cannot intercept; nothing ran in it (make the request in the client, or use an { exec } client)',
  )
  const curlRefused = `the client called http://127.0.0.1:${port}/from-curl, which the harness does not emulate; nothing was sent to the network`
  expect(await failures('curl')).toContain(curlRefused)
  // Its own NO_PROXY is cleared: the proxy variables are added whatever environment the child is given.
  expect(await failures('curl-empty-env')).toContain(curlRefused)
  // HTTPS goes through the proxy as CONNECT: the proxy sees the host, never the path.
  expect(await failures('curl-https')).toContain(
    `the client called https://127.0.0.1:${port}/, which the harness does not emulate; nothing was sent to the network`,
  )
})
