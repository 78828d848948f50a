import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'contract-package',
    include: ['test/**/*.test.ts'],
  },
});
