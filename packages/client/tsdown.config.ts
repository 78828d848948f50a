// Builds the published package: ESM and CommonJS with their declarations. The contract's types
// are bundled into the declarations, so a consumer installs this one package.
import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  platform: 'node',
  target: 'node20',
  // With "type": "commonjs" this gives .mjs/.cjs and .d.mts/.d.cts, each read by its own loader.
  fixedExtension: true,
  // tsdown inlines devDependencies and leaves dependencies external: the contract, a
  // devDependency, lands in the declarations; openapi-fetch stays an import. Without eager mode
  // the contract's declarations fail to emit.
  dts: { eager: true },
  clean: true,
});
