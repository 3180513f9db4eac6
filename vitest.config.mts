import { defineConfig } from 'vitest/config';

/**
 * Two groups, one after the other. Most files are independent and run two at a time. The
 * end-to-end files (a real `zervigo serve`, Chromium, real services and their timings) run one at a
 * time afterwards: with two at once on a 2-core machine, timing they depend on (a probe's latency
 * learned as "normal", a restart's back-off) is the other file's to take.
 */
const shared = {
  // Native modules (better-sqlite3, node-pty) and real child processes: forks isolate them best.
  pool: 'forks' as const,
  // Hang guards, not performance limits (those are measured in bench/): tests wait for conditions,
  // and on a busy 2-core machine a test that spawns several CLIs or drives Chromium through a few
  // pages took over 20 s (measured at a load average of 13), though it never hung.
  testTimeout: 60_000,
  hookTimeout: 60_000,
  setupFiles: ['test/setup/guard-process-kill.ts'],
  env: { ZERVIGO_LOG_LEVEL: 'silent' },
};

const endToEnd = ['test/e2e/**/*.test.ts'];

export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        test: {
          ...shared,
          name: 'parallel',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: ['**/node_modules/**', ...endToEnd],
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: 'end-to-end',
          include: endToEnd,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
