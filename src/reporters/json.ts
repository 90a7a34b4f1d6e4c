import type { Reporter } from './types.js'

/** `cascade-report.json`: the report model exactly, for CI scripts, shard merges and other tools. */
export const jsonReporter: Reporter = {
  name: 'json',
  render(report) {
    return { files: [{ path: 'cascade-report.json', content: `${JSON.stringify(report, null, 2)}\n` }] }
  },
}
