import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Native modules (better-sqlite3, node-pty) and real child processes: forks isolate them best.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    reporters: ['default'],
    setupFiles: ['test/setup/guard-process-kill.ts'],
    env: { ZERVIGO_LOG_LEVEL: 'silent' },
  },
});
