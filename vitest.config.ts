import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Lab suites build network namespaces and start daemons: keep file-level parallelism modest on 2 cores.
    maxWorkers: 2,
  },
});
