import type { Command } from '../io.js'
import { runReportCommand } from '../report-command.js'

const run: Command = (argv, io) =>
  runReportCommand(
    {
      name: 'run',
      usage: 'Usage: cascade-harness run [paths...] [options]',
      summary:
        "Runs the offline fault matrix of every scenario (default: the config's scenario globs, else scenarios/) and gates on it. Exit 0: passed; 1: a case failed or a lint error; 2: bad input; 3: internal error.",
      lintOnly: false,
    },
    argv,
    io,
  )

export default run
