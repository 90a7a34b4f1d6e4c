/**
 * Nothing reaches the network from another thread or process a function client starts: a worker thread
 * is refused, a child process is pointed at a proxy that refuses. A local listener stands in for the
 * network and must receive nothing; each case says what its client tried.
 */
import net from 'node:net'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Report } from '../../src/schema/report.js'
import { runCli } from '../helpers/run-cli.js'

let received = 0
let server: net.Server
let port: number

beforeAll(async () => {
  server = net.createServer((socket) => {
    received++
    socket.destroy()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as net.AddressInfo).port
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
})

it("a worker thread's fetch and a child process's curl reach no listener, and each case says why", async () => {
  const out = await mkdtemp(path.join(tmpdir(), 'cascade-process-escapes-'))
  const result = await runCli(
    ['run', 'test/fixtures/clients/process-escapes.scenario.ts', '--reporter', 'json', '--out-dir', out],
    { env: { CASCADE_TEST_LISTENER_PORT: String(port) } },
  )
  expect(result.code).toBe(1)
  const report = JSON.parse(await readFile(path.join(out, 'cascade-report.json'), 'utf8')) as Report
  expect(received).toBe(0)
  const failures = (name: string) =>
    report.scenarios.find((s) => s.name === name)!.cases[0]!.failures.map((f) => f.message)
  // The client caught the refusal; its case fails anyway.
  expect(failures('worker-fetch')).toContain(
    'the client started a worker thread, which the harness cannot intercept; nothing ran in it (make the request in the client, or use an { exec } client)',
  )
  const curlRefused = `the client called http://127.0.0.1:${port}/from-curl, which the harness does not emulate; nothing was sent to the network`
  expect(failures('curl')).toContain(curlRefused)
  // Its own NO_PROXY is cleared: the proxy variables are added whatever environment the child is given.
  expect(failures('curl-empty-env')).toContain(curlRefused)
  // HTTPS goes through the proxy as CONNECT: the proxy sees the host, never the path.
  expect(failures('curl-https')).toContain(
    `the client called https://127.0.0.1:${port}/, which the harness does not emulate; nothing was sent to the network`,
  )
})
