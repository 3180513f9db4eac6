import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Native modules (better-sqlite3, node-pty) and real child processes: forks isolate them best.
    pool: 'forks',
    // Vitest's default is one worker per core but one, which on a 2-core machine runs the files one
    // at a time; most of our time is spent waiting on real servers, Chromium and child processes, so
    // a worker per core (at least 2) keeps the cores busy while one file waits.
    maxWorkers: Math.max(2, availableParallelism()),
    // Hang guards, not performance limits (those are measured in bench/): tests wait for conditions,
    // and on a busy 2-core machine a test that spawns several CLIs or drives Chromium through a few
    // pages took over 20 s (measured at a load average of 13), though it never hung.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    setupFiles: ['test/setup/guard-process-kill.ts'],
    env: { ZERVIGO_LOG_LEVEL: 'silent' },
  },
});
