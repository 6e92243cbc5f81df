import { defineConfig } from 'vitest/config';

/** Floods measure what one node keeps up with: they run after everything else, one file at a time, alone on the machine. */
const alone = ['test/hostile/trap-flood.test.ts', 'test/hostile/body-flood.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    // YUNET_TEST_DATABASE=postgres: a PostgreSQL server for the whole run (the suite then runs on it).
    globalSetup: ['test/support/postgres-global.ts'],
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'suites',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: alone,
          // Lab suites build network namespaces and start daemons: keep file-level parallelism modest on 2 cores.
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'floods', include: alone, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
