import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Native modules (better-sqlite3, node-pty) and real child processes: forks isolate them best.
    pool: 'forks',
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
