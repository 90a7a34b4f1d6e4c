/**
 * `serve` on a real socket, met by curl and by a Python client (stdlib http.client only): each way the
 * live router fails reaches them as bytes on the wire, the reset as a real RST.
 */
import { execFile } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEmulatorHandler, serveEmulator, type EmulatorServer } from '../../src/adapters/http-server/index.js'
import { BUILTIN_CATALOG } from '../../src/core/catalog/builtin.js'
import { createEmulator } from '../../src/core/emulator/index.js'

const BODY = JSON.stringify({
  models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini'],
  messages: [{ role: 'user', content: 'Say hello.' }],
  stream: true,
})

let server: EmulatorServer
let pythonRun: Promise<Record<string, string>>
beforeAll(async () => {
  const handle = createEmulatorHandler({
    catalog: BUILTIN_CATALOG,
    seed: 1,
    createEmulator,
    // Keep-alive comments every 50 ms: the stall and slow-first-token tests count comments (the form),
    // and at 100 ms a loaded machine, with the curl and Python requests all at once, left 3 in a 1 s stall.
    options: { timing: { keepAliveMs: 50, chunkGapMs: 1, slowFirstTokenMs: 400, timeoutMs: 100 } },
  })
  server = await serveEmulator({ port: 0, handle })
  pythonRun = startPython()
})
afterAll(() => server.close())

interface Ran {
  code: number
  stdout: string
  stderr: string
}

function run(command: string, args: string[]): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 15_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1
      resolve({ code, stdout, stderr })
    })
  })
}

function curl(plan: string, extra: string[] = []): Promise<Ran> {
  return run('curl', [
    '-sS',
    '-N',
    ...extra,
    '-H',
    'authorization: Bearer test',
    '-H',
    'content-type: application/json',
    '-H',
    `x-cascade-plan: ${plan}`,
    '--data',
    BODY,
    `${server.url}/api/v1/chat/completions`,
  ])
}

/**
 * A careful Python client (stdlib only): reads the stream line by line and prints what it saw, or the
 * exception's class. It keeps an overall deadline of its own, because keep-alive comments reset a socket
 * read timeout: a stalled stream never trips \`timeout=\`.
 *
 * One Python process meets every plan, each on its own connection in its own thread, and prints what
 * each saw as one JSON object: a Python start costs about 0.35 s of CPU here, and 8 starts were most
 * of this file's CPU.
 */
const PYTHON = `
import http.client, json, sys, threading, time
port, body, jobs = int(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
seen = {}

def read(plan, limit):
    lines = []
    say = lambda *parts: lines.append(" ".join(str(part) for part in parts))
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=limit)
    done = False
    try:
        conn.request("POST", "/api/v1/chat/completions", body=body, headers={"authorization": "Bearer test", "content-type": "application/json", "x-cascade-plan": plan})
        response = conn.getresponse()
        say("STATUS", response.status)
        comments = 0
        for raw in response:
            if time.monotonic() - started > limit:
                raise TimeoutError("no answer within the deadline")
            line = raw.decode().rstrip("\\n")
            if line.startswith(":"):
                comments += 1
            elif line.startswith("data: ") and line != "data: [DONE]":
                event = json.loads(line[6:])
                if "error" in event:
                    say("ERROR", event["error"]["code"], "choices" in event and event["choices"] == [])
                elif event["choices"] and event["choices"][0].get("finish_reason"):
                    say("FINISH", event["choices"][0]["finish_reason"])
            elif line == "data: [DONE]":
                say("DONE")
                done = True
        say("COMMENTS", comments)
        if response.status == 200 and not done:
            say("ENDED WITHOUT [DONE]")
    except Exception as error:
        say("RAISED", type(error).__name__)
    seen[plan] = "".join(line + "\\n" for line in lines)

threads = [threading.Thread(target=read, args=job) for job in jobs]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(json.dumps(seen))
`

/** The plans the Python client meets, with its overall limit in seconds for each. */
const PYTHON_PLANS: Array<[string, number]> = [
  ['every_step_fails', 5],
  ['every_step_fails~bare-chunk', 5],
  ['every_step_fails~http-status', 5],
  ['connection_reset', 5],
  ['stream_cut', 5],
  ['stall@0', 1],
  ['slow_first_token@0', 5],
]

/** One Python run for all the plans; it starts with the server, so its waits overlap the curl tests. */
function startPython(): Promise<Record<string, string>> {
  const seen = run('python3', ['-c', PYTHON, String(server.port), BODY, JSON.stringify(PYTHON_PLANS)]).then((ran) => {
    if (ran.code !== 0) throw new Error(`python3 exited ${ran.code}: ${ran.stderr}`)
    return JSON.parse(ran.stdout) as Record<string, string>
  })
  // Its failure is reported by the tests that read it.
  seen.catch(() => {})
  return seen
}

/** What the Python client printed for `plan`. */
async function python(plan: string): Promise<string> {
  const seen = (await pythonRun)[plan]
  expect(seen, plan).toBeDefined()
  return seen!
}

// Each curl request is its own process and connection: they run at once, so their real waits overlap.
describe.concurrent('serve on the wire, through curl', () => {
  it('answers a stream whose steps all fail with HTTP 200 and a chunk with choices: [] beside the error', async () => {
    const out = await curl('every_step_fails', ['-i'])
    expect(out.code).toBe(0)
    expect(out.stdout).toMatch(/^HTTP\/1\.1 200/)
    expect(out.stdout).toContain(': OPENROUTER PROCESSING')
    expect(out.stdout).toMatch(
      /data: \{"id":"gen-[^"]+","object":"chat\.completion\.chunk".*"choices":\[\],"error":\{"message":"Provider returned error","code":429/,
    )
    expect(out.stdout).not.toContain('[DONE]')
  })

  it('answers the bare error line and the documented status as the variants', async () => {
    expect((await curl('every_step_fails~bare-chunk')).stdout).toMatch(
      /^data: \{"error":\{"message":"Provider returned error","code":429/m,
    )
    const status = await curl('every_step_fails~http-status', ['-o', '/dev/null', '-w', '%{http_code}'])
    expect(status.stdout).toBe('429')
  })

  it('resets the connection with an RST: curl exits 56, "Connection reset by peer"', async () => {
    const out = await curl('connection_reset')
    expect(out.code).toBe(56)
    expect(out.stderr).toMatch(/reset by peer/i)
  })

  it('cuts a stream after part of the answer: curl exits 18, no finish_reason, no [DONE]', async () => {
    const out = await curl('stream_cut')
    expect(out.code).toBe(18)
    expect(out.stdout).toContain('"content":')
    expect(out.stdout).not.toContain('[DONE]')
    expect(out.stdout).not.toContain('"finish_reason":"stop"')
  })

  it('stalls with keep-alive comments only until the client gives up (curl --max-time: exit 28)', async () => {
    // 2 s, not 1: on a loaded 2-core machine curl's own start and connect took most of 1 s (2 comments seen).
    const out = await curl('stall@0', ['--max-time', '2'])
    expect(out.code).toBe(28)
    expect(
      out.stdout
        .trim()
        .split('\n\n')
        .every((event) => event === ': OPENROUTER PROCESSING'),
    ).toBe(true)
    expect(out.stdout.split(': OPENROUTER PROCESSING').length - 1).toBeGreaterThanOrEqual(5)
  })

  it('sends a slow first token after comments, then the whole answer', async () => {
    const out = await curl('slow_first_token@0')
    expect(out.code).toBe(0)
    const beforeData = out.stdout.slice(0, out.stdout.indexOf('data: '))
    expect(beforeData.split(': OPENROUTER PROCESSING').length - 1).toBeGreaterThanOrEqual(4)
    expect(out.stdout).toContain('data: [DONE]')
  })
})

describe('serve on the wire, through a Python http.client', () => {
  it('sees each form of a failed stream inside an HTTP 200', async () => {
    expect(await python('every_step_fails')).toContain('STATUS 200\nERROR 429 True\n')
    expect(await python('every_step_fails~bare-chunk')).toContain('STATUS 200\nERROR 429 False\n')
    expect(await python('every_step_fails~http-status')).toContain('STATUS 429')
  })

  it('gets ConnectionResetError from the RST', async () => {
    expect((await python('connection_reset')).trim()).toBe('RAISED ConnectionResetError')
  })

  it('sees a cut stream end with no finish_reason and no [DONE] (line iteration ends quietly: only the check catches it)', async () => {
    const out = await python('stream_cut')
    expect(out).toContain('STATUS 200')
    expect(out).not.toContain('FINISH')
    expect(out.trim().endsWith('ENDED WITHOUT [DONE]')).toBe(true)
  })

  it('times out on a stall, having read only comments', async () => {
    const out = await python('stall@0')
    expect(out).toContain('STATUS 200')
    expect(out.trim().endsWith('RAISED TimeoutError')).toBe(true)
  })

  it('reads a slow first token, then the answer to its end', async () => {
    const out = await python('slow_first_token@0')
    expect(out).toMatch(/STATUS 200\nFINISH stop\nDONE\nCOMMENTS \d+/)
  })
})
