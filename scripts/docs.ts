// `pnpm run docs`: renders the reference docs into packages/contract/docs/index.html.
// With --if-stale it does nothing when the page is already built from the current spec.
import { relative } from 'node:path';
import { buildDocs } from './lib/docs.ts';
import { repoRoot } from './lib/paths.ts';

const ifStale = process.argv.includes('--if-stale');
try {
  const result = await buildDocs({ ifStale });
  const where = relative(repoRoot, result.path);
  const size = `${Math.round(result.bytes / 1024)} KiB`;
  console.log(result.built ? `wrote ${where} (${size})` : `${where} is up to date`);
} catch (error) {
  console.error(`pnpm run docs failed: ${(error as Error).message}`);
  process.exit(1);
}
