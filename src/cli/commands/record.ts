import path from 'node:path'
import Table from 'cli-table3'
import { isBuiltInCatalog } from '../../core/catalog/builtin.js'
import { stepLabel } from '../../core/cascade.js'
import { estimateRecordingCost, formatUsd } from '../../core/cassette/cost.js'
import { checkCompletion } from '../../core/contract/check-completion.js'
import type { Catalog } from '../../core/types.js'
import { loadConfig } from '../../adapters/load/load-config.js'
import { loadScenarios } from '../../adapters/load/load-scenarios.js'
import { resolveCatalog } from '../../adapters/catalog/resolve.js'
import { planRecording, recordSteps, type RecordStep, type StepRecording } from '../../adapters/cassette-store/record.js'
import { pruneCassettes, scenarioCassetteDir } from '../../adapters/cassette-store/store.js'
import { scrubbingWriter, scrubText } from '../../adapters/cassette-store/redact.js'
import { InputError } from '../../errors.js'
import type { Config } from '../../schema/config.js'
import type { CliIO, Command } from '../io.js'
import { COMMON_FLAGS, helpText, parseFlags } from '../options.js'
import { isCi } from '../output.js'

export { OPENROUTER_BASE_URL as DEFAULT_BASE_URL } from '../../core/router-url.js'
import { OPENROUTER_BASE_URL as DEFAULT_BASE_URL } from '../../core/router-url.js'
export const DEFAULT_MAX_COST_USD = 0.5
const DEFAULT_CONCURRENCY = 4

const RECORD_FLAGS = {
  'base-url': { type: 'string', value: 'url', description: `the router's base URL (default: ${DEFAULT_BASE_URL}; tests point it at \`serve\`)` },
  'max-cost': { type: 'string', value: 'usd', description: `refuse to start when the estimated cost is above this (default: ${DEFAULT_MAX_COST_USD})` },
  concurrency: { type: 'string', value: 'n', description: `requests in flight at once (default: ${DEFAULT_CONCURRENCY})` },
  config: COMMON_FLAGS.config,
  catalog: COMMON_FLAGS.catalog,
  grep: COMMON_FLAGS.grep,
  ci: COMMON_FLAGS.ci,
  help: COMMON_FLAGS.help,
} as const

const USAGE = 'Usage: cascade-harness record [paths...] [options]'
const SUMMARY =
  "Sends each scenario's exact request to each step of its cascade, live (model pinned, no fallback, provider.require_parameters on), and saves every answer, errors included, as a cassette next to the scenario. Reads the API key from OPENROUTER_API_KEY only. Never runs in CI."

const record: Command = async (argv, rawIo) => {
  const { values, positionals } = parseFlags('record', argv, RECORD_FLAGS)
  if (values.help) {
    rawIo.stdout.write(helpText(USAGE, SUMMARY, RECORD_FLAGS))
    return 0
  }
  if (isCi(rawIo, values.ci)) {
    rawIo.stderr.write(
      'cascade-harness record sends live requests and never runs in CI (--ci or CI=true is set). Fix: record on a developer machine with OPENROUTER_API_KEY set, commit the cassettes, and let `cascade-harness run --ci` replay them.\n',
    )
    return 2
  }
  const apiKey = rawIo.env.OPENROUTER_API_KEY?.trim()
  if (!apiKey) {
    rawIo.stderr.write('OPENROUTER_API_KEY is not set, and record reads the API key from it only. Fix: export OPENROUTER_API_KEY=<your key> in this shell (never pass a key as a flag or put it in the config).\n')
    return 2
  }
  // From here on, nothing printed can carry the key, whatever an answer or an error echoes.
  const io: CliIO = { ...rawIo, stdout: scrubbingWriter(rawIo.stdout, [apiKey]), stderr: scrubbingWriter(rawIo.stderr, [apiKey]) }
  try {
    return await recordWithKey(values, positionals, apiKey, io)
  } catch (error) {
    // `main` prints what escapes; make sure that cannot be the key either.
    if (error instanceof Error) {
      error.message = scrubText(error.message, [apiKey])
      if (error.stack) error.stack = scrubText(error.stack, [apiKey])
    }
    throw error
  }
}

export default record

type RecordValues = ReturnType<typeof parseFlags<typeof RECORD_FLAGS>>['values']

async function recordWithKey(values: RecordValues, positionals: string[], apiKey: string, io: CliIO): Promise<number> {
  const baseUrl = parseBaseUrl(values['base-url'])
  const maxCost = parsePositive(values['max-cost'], '--max-cost', DEFAULT_MAX_COST_USD, 'a cost in US dollars, e.g. --max-cost 2')
  const concurrency = parsePositive(values.concurrency, '--concurrency', DEFAULT_CONCURRENCY, 'a whole number, e.g. --concurrency 2', true)

  const { config, dir: configDir } = await loadConfig({ cwd: io.cwd, configPath: values.config })
  const catalog = await resolveCatalog({ cwd: io.cwd, flag: values.catalog, configured: config.catalog, configDir })
  const { scenarios } = await loadScenarios(positionals.length > 0 ? positionals : config.scenarios, { cwd: io.cwd, grep: values.grep })
  if (scenarios.length === 0) {
    io.stderr.write('No scenario to record. Fix: pass scenario files or folders, or check --grep and the config\'s `scenarios` globs.\n')
    return 2
  }
  const targets = scenarios.map((s) => ({ file: path.resolve(io.cwd, s.file), scenario: s.scenario }))
  const steps = planRecording(targets, config.cassettes)

  const estimate = estimateRecordingCost(steps, catalog)
  const catalogNote = isBuiltInCatalog(catalog) ? ' (prices from the built-in catalog)' : ''
  io.stderr.write(`Recording ${steps.length} request${steps.length === 1 ? '' : 's'} for ${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'} at ${baseUrl}: estimated cost at most ${formatUsd(estimate.totalUsd)}${catalogNote}, limit ${formatUsd(maxCost)}.\n`)
  if (estimate.unpriced.length > 0) io.stderr.write(`The catalog has no price for ${estimate.unpriced.join(', ')}; their cost is not in the estimate.\n`)
  if (estimate.totalUsd > maxCost) {
    io.stderr.write(
      `The estimated cost, ${formatUsd(estimate.totalUsd)}, is above --max-cost ${formatUsd(maxCost)}; nothing was sent. Fix: pass --max-cost ${Math.ceil(estimate.totalUsd * 100) / 100} or more, or record fewer scenarios (paths or --grep).\n`,
    )
    return 2
  }

  const progress = createProgress(io, steps.length)
  const results = await recordSteps({
    steps,
    baseUrl,
    apiKey,
    concurrency,
    check: (request, completion, options) => checkCompletion(request, completion, options),
    onStepStart: (step) => progress.start(step),
    onStepDone: (result) => progress.done(result),
  })
  progress.finish()

  const removed = await pruneOrphans(targets, results, config.cassettes)
  io.stdout.write(renderTable(results))
  const written = results.filter((r) => r.written !== null).length
  const failed = results.filter((r) => r.written === null)
  const folders = [...new Set(results.flatMap((r) => (r.written ? [path.relative(io.cwd, path.dirname(r.written)) || '.'] : [])))]
  io.stdout.write(writtenSentence(results, written, folders))
  if (removed.length > 0) io.stdout.write(`Removed ${removed.length} cassette${removed.length === 1 ? '' : 's'} of steps no longer in the cascade: ${removed.map((f) => path.relative(io.cwd, f)).join(', ')}.\n`)
  for (const r of failed) io.stderr.write(`${r.step.scenario}: ${stepLabel(r.step.step, r.step.model)} was not recorded: ${r.error}. Fix: check --base-url and the network, then run record again.\n`)
  return failed.length > 0 ? 1 : 0
}

/**
 * What to do with the cassettes: commit real ones; say plainly that an emulator's (`serve` answered
 * with `x-cascade-answer-source: synthesized` or `none`, stored as `synthetic: true`) prove the plumbing only.
 */
function writtenSentence(results: readonly StepRecording[], written: number, folders: readonly string[]): string {
  const wrote = `Wrote ${written} cassette${written === 1 ? '' : 's'}${folders.length > 0 ? ` to ${folders.join(', ')}` : ''}`
  const synthetic = results.filter((r) => r.written !== null && r.synthetic)
  const realFix = `For cassettes to commit, record against the real router (the default --base-url, ${DEFAULT_BASE_URL}).`
  const replay = '`cascade-harness run` replays them as synthesized answers (they say "synthetic": true).'
  if (synthetic.length === 0) return `${wrote}. Commit them: \`cascade-harness run --ci\` replays them and fails when one goes stale.\n`
  if (synthetic.length === written) {
    return `${wrote}, answered by an emulator, not a model: these cassettes prove the plumbing only. Do not commit them as real answers: ${replay} ${realFix}\n`
  }
  const which = synthetic.map((r) => `${r.step.scenario} ${stepLabel(r.step.step, r.step.model)}`).join(', ')
  return `${wrote}. ${synthetic.length} of them (${which}) were answered by an emulator, not a model: these cassettes prove the plumbing only; ${replay} Commit the others: \`cascade-harness run --ci\` replays them and fails when one goes stale. ${realFix}\n`
}

function parseBaseUrl(raw: string | undefined): string {
  const value = raw ?? DEFAULT_BASE_URL
  let url: URL
  try {
    url = new URL(value)
  } catch {
    url = new URL('invalid:')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError([{ file: 'cascade-harness record', path: '--base-url', problem: `"${value}" is not an http(s) URL`, fix: `pass the router's base URL, e.g. ${DEFAULT_BASE_URL}` }])
  }
  return value.replace(/\/+$/, '')
}

function parsePositive(raw: string | undefined, flag: string, fallback: number, example: string, integer = false): number {
  if (raw === undefined) return fallback
  const n = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new InputError([{ file: 'cascade-harness record', path: flag, problem: `"${raw}" is not ${integer ? 'a positive whole number' : 'a positive number'}`, fix: `pass ${example}` }])
  }
  return n
}


/** A one-line bar redrawn in place on a terminal; one plain line per finished step otherwise (CI logs, pipes). */
function createProgress(io: CliIO, total: number): { start(step: RecordStep): void; done(result: StepRecording): void; finish(): void } {
  let finished = 0
  const tty = io.stderr.isTTY === true
  const draw = (label: string) => {
    const width = 24
    const filled = Math.round((finished / Math.max(1, total)) * width)
    io.stderr.write(`\r\x1b[K[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${finished}/${total} ${label}`)
  }
  return {
    start(step) {
      if (tty) draw(`${step.scenario} ${stepLabel(step.step, step.model)}`)
    },
    done(result) {
      finished++
      if (tty) draw(`${result.step.scenario} ${stepLabel(result.step.step, result.step.model)}`)
      else io.stderr.write(`[${finished}/${total}] ${result.step.scenario} ${stepLabel(result.step.step, result.step.model)}: ${describeAnswer(result)}\n`)
    },
    finish() {
      if (tty) io.stderr.write('\r\x1b[K')
    },
  }
}

function describeAnswer(result: StepRecording): string {
  if (result.status === null) return `not recorded (${result.error})`
  const retries = result.waits.length > 0 ? `, after ${result.waits.length} retr${result.waits.length === 1 ? 'y' : 'ies'}` : ''
  return `${result.status}${result.finishReason ? ` ${result.finishReason}` : ''} in ${result.latencyMs} ms${retries}`
}

function renderTable(results: readonly StepRecording[]): string {
  const table = new Table({
    head: ['Scenario', 'Step', 'Model', 'Status', 'Finish', 'Latency', 'Contract', 'Cassette'],
    style: { head: [], border: [], compact: true, 'padding-left': 1, 'padding-right': 1 },
  })
  for (const r of results) {
    table.push([
      r.step.scenario,
      String(r.step.step + 1),
      r.step.model,
      r.status === null ? 'no answer' : String(r.status) + (r.waits.length > 0 ? ` (${r.waits.length} retr${r.waits.length === 1 ? 'y' : 'ies'})` : ''),
      r.finishReason ?? '-',
      r.status === null ? '-' : `${r.latencyMs} ms`,
      contractCell(r),
      r.written ? `${path.basename(r.written)}${r.synthetic ? ' (synthetic)' : ''}` : '-',
    ])
  }
  return `${table.toString()}\n`
}

function contractCell(r: StepRecording): string {
  if (r.status === null) return r.error ?? 'not recorded'
  if (r.contract === null) return r.errorMessage ? `error: ${truncate(r.errorMessage, 60)}` : `HTTP ${r.status}`
  if (r.contract.length === 0) return 'meets'
  const first = r.contract[0]!
  return `fails: ${first.message}${r.contract.length > 1 ? ` (+${r.contract.length - 1} more)` : ''}`
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/** After a scenario's every step was recorded, its cassettes of steps that left the cascade go. */
async function pruneOrphans(targets: ReadonlyArray<{ file: string; scenario: { name: string } }>, results: readonly StepRecording[], folder: string): Promise<string[]> {
  const removed: string[] = []
  for (const target of targets) {
    const mine = results.filter((r) => r.step.file === target.file && r.step.scenario === target.scenario.name)
    if (mine.length === 0 || mine.some((r) => r.written === null)) continue
    removed.push(...(await pruneCassettes(scenarioCassetteDir(target.file, target.scenario.name, folder), mine.map((r) => r.written as string), target.scenario.name)))
  }
  return removed
}
