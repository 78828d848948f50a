import { defineConfig } from 'vitest/config';

// Each package keeps its own Vitest project; the root runs them all.
export default defineConfig({
  test: {
    projects: ['scripts', 'packages/*'],
  },
});
