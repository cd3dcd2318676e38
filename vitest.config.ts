import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/faults/**', 'node_modules/**'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Dates in the product never depend on the machine's zone; run tests in a zone far from China to prove it.
    env: { TZ: 'America/Los_Angeles' },
  },
});
