import path from 'node:path'
import Table from 'cli-table3'
import { stepLabel } from '../../core/cascade.js'
import { formatUsd } from '../../core/cassette/cost.js'
import {
  DEFAULT_RECORD_CONCURRENCY,
  type RecordStep,
  type StepRecording,
} from '../../adapters/cassette-store/record.js'
import { scrubbingWriter, scrubText } from '../../adapters/cassette-store/redact.js'
import { InputError } from '../../errors.js'
import { recordScenarios } from '../../runner/record-scenarios.js'
import type { CliIO, Command } from '../io.js'
import { COMMON_FLAGS, helpText, parseFlags } from '../options.js'
import { isCi } from '../output.js'

import { OPENROUTER_BASE_URL } from '../../core/router-url.js'

const DEFAULT_MAX_COST_USD = 0.5

const RECORD_FLAGS = {
  'base-url': {
    type: 'string',
    value: 'url',
    description: `the router's base URL (default: ${OPENROUTER_BASE_URL}; tests point it at \`serve\`)`,
  },
  'max-cost': {
    type: 'string',
    value: 'usd',
    description: `refuse to start when the estimated cost is above this (default: ${DEFAULT_MAX_COST_USD})`,
  },
  concurrency: {
    type: 'string',
    value: 'n',
    description: `requests in flight at once (default: ${DEFAULT_RECORD_CONCURRENCY})`,
  },
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
    rawIo.stderr.write(
      'OPENROUTER_API_KEY is not set, and record reads the API key from it only. Fix: export OPENROUTER_API_KEY=<your key> in this shell (never pass a key as a flag or put it in the config).\n',
    )
    return 2
  }
  // From here on, nothing printed can carry the key, whatever an answer or an error echoes.
  const io: CliIO = {
    ...rawIo,
    stdout: scrubbingWriter(rawIo.stdout, [apiKey]),
    stderr: scrubbingWriter(rawIo.stderr, [apiKey]),
  }
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
  const maxCost = parsePositive(
    values['max-cost'],
    '--max-cost',
    DEFAULT_MAX_COST_USD,
    'a cost in US dollars, e.g. --max-cost 2',
  )
  const concurrency = parsePositive(
    values.concurrency,
    '--concurrency',
    DEFAULT_RECORD_CONCURRENCY,
    'a whole number, e.g. --concurrency 2',
    true,
  )

  const progress = createProgress(io)
  const outcome = await recordScenarios({
    cwd: io.cwd,
    paths: positionals,
    configPath: values.config,
    catalogPath: values.catalog,
    grep: values.grep,
    baseUrl,
    apiKey,
    concurrency,
    maxCostUsd: maxCost,
    onPlanned: ({ requests, scenarios, estimate, builtInCatalog }) => {
      const catalogNote = builtInCatalog ? ' (prices from the built-in catalog)' : ''
      io.stderr.write(
        `Recording ${requests} request${requests === 1 ? '' : 's'} for ${scenarios} scenario${scenarios === 1 ? '' : 's'} at ${baseUrl}: estimated cost at most ${formatUsd(estimate.totalUsd)}${catalogNote}, limit ${formatUsd(maxCost)}.\n`,
      )
      if (estimate.unpriced.length > 0)
        io.stderr.write(
          `The catalog has no price for ${estimate.unpriced.join(', ')}; their cost is not in the estimate.\n`,
        )
      progress.total = requests
    },
    onStepStart: (step) => progress.start(step),
    onStepDone: (result) => progress.done(result),
  })
  if (outcome.kind === 'no-scenarios') {
    io.stderr.write(
      "No scenario to record. Fix: pass scenario files or folders, or check --grep and the config's `scenarios` globs.\n",
    )
    return 2
  }
  if (outcome.kind === 'over-budget') {
    const { totalUsd } = outcome.plan.estimate
    io.stderr.write(
      `The estimated cost, ${formatUsd(totalUsd)}, is above --max-cost ${formatUsd(maxCost)}; nothing was sent. Fix: pass --max-cost ${Math.ceil(totalUsd * 100) / 100} or more, or record fewer scenarios (paths or --grep).\n`,
    )
    return 2
  }
  progress.finish()

  const { results, removed } = outcome
  io.stdout.write(renderTable(results))
  const written = results.filter((r) => r.written !== null).length
  const failed = results.filter((r) => r.written === null)
  const folders = [
    ...new Set(results.flatMap((r) => (r.written ? [path.relative(io.cwd, path.dirname(r.written)) || '.'] : []))),
  ]
  io.stdout.write(writtenSentence(results, written, folders))
  if (removed.length > 0)
    io.stdout.write(
      `Removed ${removed.length} cassette${removed.length === 1 ? '' : 's'} of steps no longer in the cascade: ${removed.map((f) => path.relative(io.cwd, f)).join(', ')}.\n`,
    )
  for (const r of failed)
    io.stderr.write(
      `${r.step.scenario}: ${stepLabel(r.step.step, r.step.model)} was not recorded: ${r.error}. Fix: check --base-url and the network, then run record again.\n`,
    )
  return failed.length > 0 ? 1 : 0
}

/**
 * What to do with the cassettes: commit real ones; say plainly that an emulator's (`serve` answered
 * with `x-cascade-answer-source: synthesized` or `none`, stored as `synthetic: true`) prove the plumbing only.
 */
function writtenSentence(results: readonly StepRecording[], written: number, folders: readonly string[]): string {
  const wrote = `Wrote ${written} cassette${written === 1 ? '' : 's'}${folders.length > 0 ? ` to ${folders.join(', ')}` : ''}`
  const synthetic = results.filter((r) => r.written !== null && r.synthetic)
  const realFix = `For cassettes to commit, record against the real router (the default --base-url, ${OPENROUTER_BASE_URL}).`
  const replay = '`cascade-harness run` replays them as synthesized answers (they say "synthetic": true).'
  if (synthetic.length === 0)
    return `${wrote}. Commit them: \`cascade-harness run --ci\` replays them and fails when one goes stale.\n`
  if (synthetic.length === written) {
    return `${wrote}, answered by an emulator, not a model: these cassettes prove the plumbing only. Do not commit them as real answers: ${replay} ${realFix}\n`
  }
  const which = synthetic.map((r) => `${r.step.scenario} ${stepLabel(r.step.step, r.step.model)}`).join(', ')
  return `${wrote}. ${synthetic.length} of them (${which}) were answered by an emulator, not a model: these cassettes prove the plumbing only; ${replay} Commit the others: \`cascade-harness run --ci\` replays them and fails when one goes stale. ${realFix}\n`
}

function parseBaseUrl(raw: string | undefined): string {
  const value = raw ?? OPENROUTER_BASE_URL
  let url: URL
  try {
    url = new URL(value)
  } catch {
    url = new URL('invalid:')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError([
      {
        file: 'cascade-harness record',
        path: '--base-url',
        problem: `"${value}" is not an http(s) URL`,
        fix: `pass the router's base URL, e.g. ${OPENROUTER_BASE_URL}`,
      },
    ])
  }
  return value.replace(/\/+$/, '')
}

function parsePositive(
  raw: string | undefined,
  flag: string,
  fallback: number,
  example: string,
  integer = false,
): number {
  if (raw === undefined) return fallback
  const n = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new InputError([
      {
        file: 'cascade-harness record',
        path: flag,
        problem: `"${raw}" is not ${integer ? 'a positive whole number' : 'a positive number'}`,
        fix: `pass ${example}`,
      },
    ])
  }
  return n
}

interface Progress {
  /** Steps to record, known once the recording is planned. */
  total: number
  start(step: RecordStep): void
  done(result: StepRecording): void
  finish(): void
}

/** A one-line bar redrawn in place on a terminal; one plain line per finished step otherwise (CI logs, pipes). */
function createProgress(io: CliIO): Progress {
  let finished = 0
  const tty = io.stderr.isTTY === true
  const draw = (label: string) => {
    const width = 24
    const filled = Math.round((finished / Math.max(1, progress.total)) * width)
    io.stderr.write(
      `\r\x1b[K[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${finished}/${progress.total} ${label}`,
    )
  }
  const progress: Progress = {
    total: 0,
    start(step) {
      if (tty) draw(`${step.scenario} ${stepLabel(step.step, step.model)}`)
    },
    done(result) {
      finished++
      if (tty) draw(`${result.step.scenario} ${stepLabel(result.step.step, result.step.model)}`)
      else
        io.stderr.write(
          `[${finished}/${progress.total}] ${result.step.scenario} ${stepLabel(result.step.step, result.step.model)}: ${describeAnswer(result)}\n`,
        )
    },
    finish() {
      if (tty) io.stderr.write('\r\x1b[K')
    },
  }
  return progress
}

function describeAnswer(result: StepRecording): string {
  if (result.status === null) return `not recorded (${result.error})`
  const retries =
    result.waits.length > 0 ? `, after ${result.waits.length} retr${result.waits.length === 1 ? 'y' : 'ies'}` : ''
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
      r.status === null
        ? 'no answer'
        : String(r.status) +
          (r.waits.length > 0 ? ` (${r.waits.length} retr${r.waits.length === 1 ? 'y' : 'ies'})` : ''),
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
