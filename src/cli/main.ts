#!/usr/bin/env node
import { realpathSync } from 'node:fs'
import module from 'node:module'
import { pathToFileURL } from 'node:url'
import { HarnessError, InputError } from '../errors.js'
import type { CliIO, Command } from './io.js'
import { closedPipeSafe } from './pipe.js'
import { VERSION } from '../version.js'
import { environmentSecrets, scrubbingWriter } from '../adapters/cassette-store/redact.js'
import { installUserCodeGuard } from '../adapters/process/user-code-guard.js'

/** Sub-commands, lazy-loaded so `lint` never pays for msw and `--help` for nothing. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ default: Command }> }> = {
  run: {
    summary: 'run the offline fault matrix and gate on it (default path: scenarios/)',
    load: () => import('./commands/run.js'),
  },
  lint: {
    summary: 'static checks of each scenario against the catalog, no request made',
    load: () => import('./commands/lint.js'),
  },
  record: {
    summary: 'send the exact request to each step live and save the answers as cassettes',
    load: () => import('./commands/record.js'),
  },
  serve: {
    summary: 'serve the emulator over HTTP on 127.0.0.1 for any language',
    load: () => import('./commands/serve.js'),
  },
  catalog: {
    summary: '`catalog pull`: fetch the router model list into .cascade/catalog.json',
    load: () => import('./commands/catalog.js'),
  },
  merge: {
    summary: 'merge the JSON reports of `run --shard i/n` into one report and gate on it',
    load: () => import('./commands/merge.js'),
  },
  init: {
    summary: 'scaffold cascade.config.ts and a first scenario in the current folder',
    load: () => import('./commands/init.js'),
  },
}

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length))
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)
  return `cascade-harness ${VERSION}: test every step of an LLM fallback cascade\n\nUsage: cascade-harness <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun \`cascade-harness <command> --help\` for a command's options.\n`
}

export async function main(argv: string[], rawIo: CliIO): Promise<number> {
  // Nothing any command prints can carry a key from the environment or credentials in a URL.
  const secrets = environmentSecrets(rawIo.env)
  const io: CliIO = {
    ...rawIo,
    stdout: scrubbingWriter(rawIo.stdout, secrets),
    stderr: scrubbingWriter(rawIo.stderr, secrets),
  }
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage())
    return name === undefined ? 2 : 0
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${VERSION}\n`)
    return 0
  }
  const command = COMMANDS[name]
  if (!command) {
    io.stderr.write(
      `Unknown command "${name}". Fix: use one of ${Object.keys(COMMANDS).join(', ')} (see cascade-harness --help).\n`,
    )
    return 2
  }
  try {
    const module = await command.load()
    return await module.default(rest, io)
  } catch (error) {
    return reportError(error, io)
  }
}

/** Input errors are sentences (exit 2); anything else is our bug (exit 3) and says where to report it. */
export function reportError(error: unknown, io: CliIO): number {
  if (error instanceof InputError || (error instanceof HarnessError && error.category === 'input')) {
    io.stderr.write(`${error.message}\n`)
    return 2
  }
  const detail =
    error instanceof Error
      ? io.env.CASCADE_DEBUG
        ? (error.stack ?? error.message)
        : `${error.name}: ${error.message}`
      : String(error)
  io.stderr.write(
    `cascade-harness hit an internal error (a bug on our side): ${detail}\nSet CASCADE_DEBUG=1 for the stack trace and report it with the command you ran.\n`,
  )
  return 3
}

/** Node 22.12 is the oldest we support (msw 3, vitest 5 and `fs.glob` need it): say so instead of crashing on it. */
export function unsupportedNode(version: string = process.versions.node): string | undefined {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  if (major > 22 || (major === 22 && minor >= 12)) return undefined
  return `cascade-harness needs Node 22.12 or newer; this is Node ${version}. Fix: install Node 22.12 or newer (24 recommended), or pin it for your project with \`npm install --save-dev node@24\` and run \`npx cascade-harness\`.\n`
}

// No top-level await anywhere in the package: a CommonJS project's loader (`require(esm)`, tsx's
// CommonJS transform) cannot load a module that has one.
const isEntryPoint =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href
if (isEntryPoint) {
  const tooOld = unsupportedNode()
  if (tooOld) {
    process.stderr.write(tooOld)
    process.exitCode = 2
  } else {
    // Node keeps the compiled code of the modules a command loads on demand (all but the few above)
    // on disk and reuses it at the next start (start-up: docs/performance.md). Best effort: Node
    // skips it when the cache folder cannot be written or NODE_DISABLE_COMPILE_CACHE is set.
    module.enableCompileCache?.()
    // The bundle's source maps (scripts/build.mjs): a stack printed for a bug report names src/ files.
    // Node maps only files loaded from here on, so not this one's static imports (errors, the judge);
    // `NODE_OPTIONS=--enable-source-maps` covers those too.
    if (process.env.CASCADE_DEBUG) process.setSourceMapsEnabled(true)
    // User code (scenario modules, the config, clients) runs in this process: it must not end the run.
    installUserCodeGuard({ stderr: process.stderr })
    void main(process.argv.slice(2), {
      cwd: process.cwd(),
      env: process.env,
      stdout: closedPipeSafe(process.stdout),
      stderr: closedPipeSafe(process.stderr),
    }).then((code) => {
      process.exitCode = code
    })
  }
}
