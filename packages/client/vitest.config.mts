import { defineConfig } from 'vitest/config';

// The client's unit, type, runtime and packaging tests. Type tests (*.test-d.ts) are checked by
// tsc, so an `@ts-expect-error` that no longer catches an error fails the run.
export default defineConfig({
  test: {
    name: 'client',
    include: ['test/**/*.test.ts'],
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
  },
});
