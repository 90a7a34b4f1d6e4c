import { runScenarios } from '../../runner/run-scenarios.js'
import { loadConfig } from '../../adapters/load/load-config.js'
import type { Command } from '../io.js'
import { COMMON_FLAGS, helpText, parseFlags } from '../options.js'
import { emitReport, useColor } from '../output.js'

const { seed: _seed, ci: _ci, ...LINT_FLAGS } = COMMON_FLAGS
const USAGE = 'Usage: cascade-harness lint [paths...] [options]'
const SUMMARY = 'Static checks of each scenario against the model catalog and the provider schema rules; no request is made. Exit 1 on any error finding.'

const lint: Command = async (argv, io) => {
  const { values, positionals } = parseFlags('lint', argv, LINT_FLAGS)
  if (values.help) {
    io.stdout.write(helpText(USAGE, SUMMARY, LINT_FLAGS))
    return 0
  }
  const loadedConfig = await loadConfig({ cwd: io.cwd, configPath: values.config })
  const report = await runScenarios({ cwd: io.cwd, paths: positionals, configPath: values.config, catalogPath: values.catalog, grep: values.grep, lintOnly: true, loadedConfig })
  const reporters = values.reporter ?? ['table']
  const written = await emitReport(report, { reporters, outDir: values['out-dir'] ?? loadedConfig.config.outDir, color: useColor(io, values['no-color']) }, io)
  if (written.length > 0) io.stdout.write(`Report written to ${written.join(', ')}\n`)
  return report.passed ? 0 : 1
}

export default lint
