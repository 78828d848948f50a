import { defineConfig } from 'tsdown';

// Published build: ESM with declarations. In the workspace the package runs from src/.
export default defineConfig({
  entry: ['src/index.ts', 'src/routes.ts', 'src/testing.ts'],
  format: 'esm',
  dts: true,
  clean: true,
});
