import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

/**
 * Tests that depend on a fresh process per file: a mocked dependency (vi.mock), module state they
 * assert on (the tokenizer that loads on demand), or a run they abandon on purpose (expectCascadeToPass's
 * timeout: the run goes on in the background, interception on, after the file ends).
 */
const NEEDING_ISOLATION = [
  'src/core/answers/answer-hint.test.ts',
  'src/core/tokens/tokens.test.ts',
  'src/vitest.test.ts',
]

export default defineConfig({
  test: {
    // One temporary folder for the whole run, removed at its end: tests leave no cascade-run-* or init-* behind.
    globalSetup: ['test/helpers/suite-temp.ts'],
    // Unit tests live beside their code (src/); test/ holds the end-to-end ones (the CLI, the packed
    // package, processes and servers end to end). Those spawn the real CLI: give them room on a 2-core CI machine.
    testTimeout: 30_000,
    // vitest's default is one worker fewer than the cores: one on a 2-core machine, idle while an
    // end-to-end file waits on real time (stalls, timeouts, spawned processes). Measured on 2 cores at
    // load 5-7: the whole run took 197 s with the default and 135 s with 3 workers (CPU 149 s and 170 s).
    maxWorkers: Math.max(3, availableParallelism()),
    hookTimeout: 30_000,
    projects: [
      {
        // Every other file shares the workers (isolate: false), one file after another in a process.
        // The pure core, the reporters and the schemas (no globals, no I/O: a test enforces it for
        // src/core) were a project of their own until 2026-12-01: measured on 2 cores at load 15,
        // src/core's 49 files took 94 s isolated and 10 s shared (CPU 34 s and 6 s).
        // Adapters, the runner, the CLI and the end-to-end tests share too: each in-process run
        // installs its interception and removes it at its end (a file already runs dozens), and module
        // state is the harness's own, made to be reused. A fresh module graph per file (vitest's
        // default) cost a third of the CPU: measured on 2 cores at load 6-10, these 61 files took
        // 166 s wall (162 s CPU) isolated and 108 s (109 s CPU) shared, the same 416 tests passing.
        // One project, not two: vitest runs projects one after another (by name) and starts fresh
        // workers for each, so the end-to-end files, the longest, waited about 10 s for the unit
        // tests; in one project they start first (vitest runs the longest files first, by its cache
        // of the last run's durations) and the short unit-test files fill the end of the run.
        extends: true,
        test: {
          name: 'shared',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          // A file that leaves an interception running fails (the next file in its process would meet it).
          setupFiles: ['test/helpers/shared-worker.ts'],
          exclude: NEEDING_ISOLATION,
          isolate: false,
        },
      },
      {
        // The files that need a process of their own (NEEDING_ISOLATION).
        extends: true,
        test: {
          name: 'isolated',
          include: NEEDING_ISOLATION,
        },
      },
    ],
  },
})
