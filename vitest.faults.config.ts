import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 600_000,
    hookTimeout: 600_000,
    env: { TZ: 'America/Los_Angeles', CASEFLOW_HOME: path.join(os.tmpdir(), 'caseflow-test-home') },
  },
});
