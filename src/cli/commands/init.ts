import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Command } from '../io.js'
import { COMMON_FLAGS, helpText, parseFlags } from '../options.js'
import { InputError } from '../../errors.js'

const INIT_FLAGS = { help: COMMON_FLAGS.help } as const
const USAGE = 'Usage: cascade-harness init'
const SUMMARY =
  'Scaffolds cascade.config.ts and a first scenario (scenarios/first.scenario.ts) in the current folder. Never overwrites a file.'

const CONFIG = `import { defineConfig } from 'cascade-harness'

export default defineConfig({
  scenarios: ['scenarios'],
  // catalog: '.cascade/catalog.json',  // after \`npx cascade-harness catalog pull\`; the built-in catalog serves until then
  // budgets: { maxCostUsd: 0.05 },
})
`

const SCENARIO = `import { defineScenario } from 'cascade-harness'

// Replace the request with your app's exact one: import its messages, tools and response_format
// from your own modules so the harness tests what ships.
const answer = {
  type: 'object',
  properties: { summary: { type: 'string' }, sentiment: { type: 'string', enum: ['positive', 'neutral', 'negative'] } },
  required: ['summary', 'sentiment'],
  additionalProperties: false,
}

export default defineScenario({
  name: 'first-scenario',
  request: {
    models: ['google/gemini-2.5-flash', 'openai/gpt-4.1-mini', 'anthropic/claude-sonnet-4.5'],
    messages: [{ role: 'user', content: 'Summarize this review and rate its sentiment: "Arrived late, works great."' }],
    response_format: { type: 'json_schema', json_schema: { name: 'review', strict: true, schema: answer } },
    provider: { require_parameters: true },
    max_tokens: 512,
  },
  // 'reference' is a plain fetch client that repairs nothing: the answer-quirk cases fail until this is
  // your own client function, e.g. client: async ({ request, signal }) => myChat(request, { signal }).
  client: 'reference',
  // Emulated answers arrive at once, so 2 s is ample; a client that never gives up (stall cases) is judged
  // a hang when it passes, instead of holding the first run for the default 10 s.
  deadlineMs: 2_000,
})
`

const init: Command = async (argv, io) => {
  const { values, positionals } = parseFlags('init', argv, INIT_FLAGS)
  if (values.help) {
    io.stdout.write(helpText(USAGE, SUMMARY, INIT_FLAGS))
    return 0
  }
  if (positionals.length > 0) {
    throw new InputError([
      {
        file: 'cascade-harness init',
        path: positionals[0] ?? '',
        problem: 'init takes no arguments: it scaffolds into the current folder',
        fix: `cd into the project first, then run \`cascade-harness init\``,
      },
    ])
  }
  const files = [
    { file: 'cascade.config.ts', content: CONFIG },
    { file: path.join('scenarios', 'first.scenario.ts'), content: SCENARIO },
  ]
  for (const { file, content } of files) {
    const target = path.join(io.cwd, file)
    if (existsSync(target)) {
      io.stdout.write(`kept    ${file} (it exists)\n`)
      continue
    }
    await mkdir(path.dirname(target), { recursive: true })
    await writeFile(target, content, { flag: 'wx' })
    io.stdout.write(`created ${file}\n`)
  }
  io.stdout.write(
    "\nNext: npx cascade-harness lint, then npx cascade-harness run. The first run fails its answer-quirk cases on purpose: the scaffold's 'reference' client repairs nothing until `client` is your own code.\n",
  )
  return 0
}

export default init
