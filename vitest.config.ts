import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/faults/**', 'node_modules/**'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Dates in the product never depend on the machine's zone; run tests in a zone far from China to prove it.
    // CASEFLOW_HOME keeps anything a test opens by default (store, backups, logs) out of the user's app-data folder.
    env: { TZ: 'America/Los_Angeles', CASEFLOW_HOME: path.join(os.tmpdir(), 'caseflow-test-home') },
  },
});
