import { InputError } from '../../errors.js'
import { startServe } from '../../runner/start-serve.js'
import type { CliIO, Command } from '../io.js'
import { COMMON_FLAGS, helpText, parseFlags, parseSeed } from '../options.js'

const SERVE_FLAGS = {
  port: { type: 'string', value: 'n', description: 'port on 127.0.0.1 (default: 0, a free port; the URL is printed)' },
  config: COMMON_FLAGS.config,
  catalog: COMMON_FLAGS.catalog,
  seed: {
    type: 'string',
    value: 'n',
    description:
      'seed of the per-request sequence (default: 1): a restarted server with the same seed gives the same answers in the same order',
  },
  help: COMMON_FLAGS.help,
} as const

const USAGE = 'Usage: cascade-harness serve [--port <n>] [options]'
const SUMMARY =
  'Serves the OpenRouter emulator on 127.0.0.1 for clients in any language. Point the client at the printed base URL; choose faults per request with the x-cascade-plan header or a /plan/<plan>/api/v1 base URL, where <plan> is a case id that `run` prints (rate_limit@0-1, every_step_fails, edge_502_html, ...) or fault@step tokens (docs/serve.md). Each request gets the next seed of a sequence drawn from --seed, so a restarted server repeats its answers. Stops on Ctrl-C (SIGINT) or SIGTERM.'

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return 0
  const port = Number(raw)
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(port) || port > 65535) {
    throw new InputError([
      {
        file: 'cascade-harness serve',
        path: '--port',
        problem: `"${raw}" is not a port number`,
        fix: 'pass a whole number from 1 to 65535, or 0 for a free port',
      },
    ])
  }
  return port
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve(signal)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}

const serve: Command = async (argv: string[], io: CliIO) => {
  const { values, positionals } = parseFlags('serve', argv, SERVE_FLAGS)
  if (values.help) {
    io.stdout.write(helpText(USAGE, SUMMARY, SERVE_FLAGS))
    return 0
  }
  if (positionals.length > 0) {
    throw new InputError([
      {
        file: 'cascade-harness serve',
        path: positionals[0] as string,
        problem: '`serve` takes no paths',
        fix: 'remove it; the client chooses faults per request (docs/serve.md)',
      },
    ])
  }
  const server = await startServe({
    cwd: io.cwd,
    port: parsePort(values.port),
    configPath: values.config,
    catalogPath: values.catalog,
    seed: parseSeed(values.seed, 'serve'),
    log: (line) => io.stderr.write(`${line}\n`),
  })
  io.stdout.write(`cascade-harness emulator listening on ${server.baseUrl}\n`)
  io.stderr.write(
    'Faults per request: a case id of `run` or fault@step, in the header x-cascade-plan: rate_limit@0-1 or the base URL .../plan/rate_limit@0-1/api/v1 (docs/serve.md). Ctrl-C stops.\n',
  )
  const signal = await untilSignal()
  await server.close()
  io.stderr.write(`cascade-harness emulator stopped (${signal}).\n`)
  return 0
}

export default serve
