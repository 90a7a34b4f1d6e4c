import { runScenarios } from '../../runner/run-scenarios.js'
import { loadConfig } from '../../adapters/load/load-config.js'
import type { Command } from '../io.js'
import { COMMON_FLAGS, helpText, parseFlags, parseSeed } from '../options.js'
import { emitReport, isCi, useColor } from '../output.js'

const USAGE = 'Usage: cascade-harness run [paths...] [options]'
const SUMMARY = 'Runs the offline fault matrix of every scenario (default: the config\'s scenario globs, else scenarios/) and gates on it. Exit 0: passed; 1: a case failed or a lint error; 2: bad input; 3: internal error.'

const run: Command = async (argv, io) => {
  const { values, positionals } = parseFlags('run', argv, COMMON_FLAGS)
  if (values.help) {
    io.stdout.write(helpText(USAGE, SUMMARY, COMMON_FLAGS))
    return 0
  }
  const ci = isCi(io, values.ci)
  const loadedConfig = await loadConfig({ cwd: io.cwd, configPath: values.config })
  const { config } = loadedConfig
  const report = await runScenarios({
    cwd: io.cwd,
    paths: positionals,
    configPath: values.config,
    catalogPath: values.catalog,
    seed: parseSeed(values.seed, 'run'),
    grep: values.grep,
    ci,
    loadedConfig,
  })
  const reporters = values.reporter ?? config.reporters ?? (ci ? ['table', 'json', 'junit', 'markdown', ...(io.env.GITHUB_ACTIONS === 'true' ? ['github'] : [])] : ['table', 'json'])
  const written = await emitReport(report, { reporters, outDir: values['out-dir'] ?? config.outDir, color: useColor(io, values['no-color']) }, io)
  if (written.length > 0) io.stdout.write(`Report written to ${written.join(', ')}\n`)
  return report.passed ? 0 : 1
}

export default run
