// `pnpm check:compat`: fails when spec/openapi.yaml breaks callers of the released contract.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { findBreakingChanges } from './lib/compat.ts';
import { bundleSpec } from './lib/contract-files.ts';
import { fail } from './lib/fail.ts';
import { releasedSpecPath, specPath } from './lib/paths.ts';

const released = parse(await readFile(releasedSpecPath, 'utf8'));
const current = parse(await bundleSpec(specPath).catch(fail));
const breaking = findBreakingChanges(released, current);

if (breaking.length > 0) {
  console.error(`The contract breaks ${breaking.length} promise(s) of the released version:`);
  for (const change of breaking) console.error(`  ${change.description}\n    at ${change.path}`);
  console.error('Make the change backward compatible, or release a new major version.');
  process.exit(1);
}
console.log('No breaking change against the released contract.');
