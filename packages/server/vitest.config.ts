import { defineConfig } from 'vitest/config';

// One PostgreSQL for the whole run (global setup); each test file gets a database of its own,
// so files run in parallel on both engines.
export default defineConfig({
  test: {
    name: 'server',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
