import path from 'node:path'
import { pullCatalog, pullEndpointFacts, writeCatalog } from '../../adapters/catalog/index.js'
import { OPENROUTER_BASE_URL } from '../../core/router-url.js'
import { didYouMean } from '../../core/did-you-mean.js'
import { InputError } from '../../errors.js'
import type { Command } from '../io.js'
import { helpText, parseFlags, type FlagSpec } from '../options.js'

/** Where `catalog pull` writes by default, and where `run` and `lint` look first (README.md "Commands"). */
import { DEFAULT_CATALOG_PATH } from '../../adapters/catalog/resolve.js'

const PULL_FLAGS = {
  'base-url': {
    type: 'string',
    value: 'url',
    description: `the router's API base URL (default: ${OPENROUTER_BASE_URL}); the list is GET <url>/models, no API key needed`,
  },
  endpoints: {
    type: 'boolean',
    description:
      "also fetch each model's endpoints (GET <url>/models/<id>/endpoints, and GET <url>/endpoints/zdr): quantization, price and ZDR per provider, which the provider filters read; one request per model",
  },
  out: {
    type: 'string',
    value: 'file',
    description: `where to write the catalog (default: ${DEFAULT_CATALOG_PATH}, relative to the current folder)`,
  },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
} as const satisfies Record<string, FlagSpec>

const SUBCOMMANDS = ['pull'] as const

const USAGE = 'Usage: cascade-harness catalog pull [--base-url <url>] [--endpoints] [--out <file>]'
const SUMMARY = `Fetches the router's model list (supported parameters, context windows, prices) into a catalog snapshot that lint and run read. Commit the file: CI then lints against the same list, offline, and a pull shows what changed as a readable diff.`

const catalog: Command = async (argv, io) => {
  const [sub, ...rest] = argv
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout.write(helpText(USAGE, SUMMARY, PULL_FLAGS))
    return sub === undefined ? 2 : 0
  }
  if (sub !== 'pull') {
    const guess = didYouMean(sub, SUBCOMMANDS)
    throw new InputError([
      {
        file: 'cascade-harness catalog',
        path: sub,
        problem: `"${sub}" is not a catalog command`,
        fix: guess ? `run cascade-harness catalog ${guess}` : 'run cascade-harness catalog pull',
      },
    ])
  }
  const { values, positionals } = parseFlags('catalog pull', rest, PULL_FLAGS)
  if (values.help) {
    io.stdout.write(helpText(USAGE, SUMMARY, PULL_FLAGS))
    return 0
  }
  if (positionals.length > 0) {
    throw new InputError([
      {
        file: 'cascade-harness catalog pull',
        path: positionals[0]!,
        problem: 'catalog pull takes no arguments',
        fix: 'pass the output file with --out <file>',
      },
    ])
  }
  const baseUrl = values['base-url'] ?? OPENROUTER_BASE_URL
  if (!/^https?:\/\/[^/]/.test(baseUrl) || !URL.canParse(baseUrl)) {
    throw new InputError([
      {
        file: 'cascade-harness catalog pull',
        path: '--base-url',
        problem: `"${baseUrl}" is not an http(s) URL`,
        fix: `pass the API base, for example --base-url ${OPENROUTER_BASE_URL}`,
      },
    ])
  }
  const out = path.resolve(io.cwd, values.out ?? DEFAULT_CATALOG_PATH)
  let pulled = await pullCatalog({ baseUrl })
  let endpointsNote = ''
  if (values.endpoints) {
    const facts = await pullEndpointFacts(pulled, { baseUrl })
    pulled = facts.catalog
    endpointsNote = endpointsSummary(facts)
  }
  await writeCatalog(out, pulled)
  const shown = path.relative(io.cwd, out).startsWith('..') ? out : path.relative(io.cwd, out)
  io.stdout.write(
    `Pulled ${pulled.models.length} ${pulled.models.length === 1 ? 'model' : 'models'} from ${pulled.source} into ${shown} (${pulled.pulledAt?.slice(0, 10)}).\n` +
      endpointsNote +
      'Commit it so lint and run use the same list everywhere; pull again to see what changed.\n',
  )
  return 0
}

/** What --endpoints added, and what it could not: a model without endpoint facts is never removed by a provider filter. */
function endpointsSummary(facts: Awaited<ReturnType<typeof pullEndpointFacts>>): string {
  const total = facts.withEndpoints + facts.failed.length
  const shown =
    facts.failed.slice(0, 5).join(', ') + (facts.failed.length > 5 ? `, and ${facts.failed.length - 5} more` : '')
  return (
    `Endpoint facts for ${facts.withEndpoints} of ${total} ${total === 1 ? 'model' : 'models'}` +
    (facts.zdrListed
      ? ", with ZDR from the router's ZDR list"
      : '; the ZDR list could not be fetched, so ZDR is unknown') +
    '.\n' +
    (facts.failed.length > 0
      ? `No endpoints could be fetched for ${shown}: the provider filters cannot remove their endpoints.\n`
      : '')
  )
}

export default catalog
