import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // One temporary folder for the whole run, removed at its end: tests leave no cascade-run-* or init-* behind.
    globalSetup: ['test/helpers/suite-temp.ts'],
    // Unit tests live beside their code (src/); test/ holds the end-to-end ones (the CLI, the packed
    // package, processes and servers end to end). Those spawn the real CLI: give them room on a 2-core CI machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})
