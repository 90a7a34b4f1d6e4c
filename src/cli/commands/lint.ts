import type { Command } from '../io.js'
import { runReportCommand } from '../report-command.js'

const lint: Command = (argv, io) =>
  runReportCommand(
    {
      name: 'lint',
      usage: 'Usage: cascade-harness lint [paths...] [options]',
      summary:
        'Static checks of each scenario against the model catalog and the provider schema rules; no request is made. Exit 1 on any error finding.',
      lintOnly: true,
    },
    argv,
    io,
  )

export default lint
