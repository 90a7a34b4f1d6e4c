import path from 'node:path'
import { runScenarios } from '../runner/run-scenarios.js'
import { gateExitCode } from '../runner/report/gate.js'
import { loadConfig } from '../adapters/load/load-config.js'
import type { CliIO } from './io.js'
import { environmentSecrets } from '../adapters/cassette-store/redact.js'
import { userCodeGuarded } from '../adapters/process/user-code-guard.js'
import { COMMON_FLAGS, helpText, parseConcurrency, parseFlags, parseSeed, parseShardFlag } from './options.js'
import { runProgress } from './progress.js'
import { defaultReporters, emitReport, isCi, resolveReporters, useColor } from './output.js'

/** `lint` runs no case: --seed, --shard and --concurrency would do nothing there, so it does not offer them. */
const { seed: _seed, shard: _shard, concurrency: _concurrency, ...LINT_FLAGS } = COMMON_FLAGS

export interface ReportCommand {
  name: 'run' | 'lint'
  usage: string
  summary: string
  lintOnly: boolean
}

/** `run` and `lint` are one flow: flags, config, reporters, the runner, the report, the exit code. */
export async function runReportCommand(command: ReportCommand, argv: string[], io: CliIO): Promise<number> {
  const flags = command.lintOnly ? LINT_FLAGS : COMMON_FLAGS
  const { values, positionals } = parseFlags(command.name, argv, flags as typeof COMMON_FLAGS)
  if (values.help) {
    io.stdout.write(helpText(command.usage, command.summary, flags))
    return 0
  }
  const ci = isCi(io, values.ci)
  const seed = parseSeed(values.seed, command.name)
  const shard = parseShardFlag(values.shard, command.name)
  const concurrency = parseConcurrency(values.concurrency, command.name)
  // A `.ts`/`.js` config is user code: in the CLI's own process `run` intercepts before it loads, and
  // the interception stays on until the process exits (runScenarios starts it for scenario modules).
  // In-process callers (tests driving main) keep their network until runScenarios needs it.
  const beforeUserCode =
    !command.lintOnly && userCodeGuarded()
      ? async () => void (await import('../adapters/intercept/index.js')).startInterception()
      : undefined
  const loadedConfig = await loadConfig({ cwd: io.cwd, configPath: values.config, beforeUserCode })
  const { config } = loadedConfig
  const reporters = await resolveReporters(values.reporter ?? config.reporters ?? defaultReporters(ci, io))
  // lint runs no case and is quick: only run reports progress.
  const progress = command.lintOnly ? undefined : runProgress(io)
  const report = await runScenarios({
    cwd: io.cwd,
    paths: positionals,
    configPath: values.config,
    catalogPath: values.catalog,
    seed,
    shard,
    grep: values.grep,
    ci,
    lintOnly: command.lintOnly,
    loadedConfig,
    secrets: environmentSecrets(io.env),
    concurrency,
    ...(progress ? { onProgress: progress.onProgress } : {}),
  }).finally(() => progress?.finish())
  // --out-dir is relative to the current folder; the config's outDir, like its other paths, to the config's folder.
  const outDir =
    values['out-dir'] !== undefined
      ? path.resolve(io.cwd, values['out-dir'])
      : path.resolve(loadedConfig.dir, config.outDir)
  const filePrefix = command.lintOnly ? 'cascade-lint-' : undefined
  const written = await emitReport(
    report,
    { reporters, outDir, color: useColor(io, values['no-color']), filePrefix, scenarioRoot: loadedConfig.dir },
    io,
  )
  if (written.length > 0) io.stdout.write(`Report written to ${written.join(', ')}\n`)
  return gateExitCode(report)
}
