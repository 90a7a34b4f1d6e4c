import { defineConfig } from '../../../../../../index.js'
// A config may import the app's modules too (here an enum behind a `.js` specifier).
import { CASCADE } from '../../app/src/llm/models.js'

export default defineConfig({
  scenarios: ['../app/scenarios/*.scenario.ts'],
  catalog: '.cascade/catalog.json',
  reporters: ['table', 'junit'],
  concurrency: CASCADE.length,
  budgets: { maxCostUsd: 0.05 },
  lint: { rules: { 'free-not-last': 'off' } },
})
