import { defineConfig } from 'vitest/config';

// Each test file starts one real Prism (about 2 s) and shares it between its tests.
export default defineConfig({
  test: {
    name: 'mock',
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
