// `pnpm generate`: writes the bundled spec and its types into packages/contract.
// With --check it writes nothing and fails when a committed file is stale.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { findStaleFiles, renderContractFiles } from './lib/contract-files.ts';
import { fail } from './lib/fail.ts';
import { repoRoot, specPath } from './lib/paths.ts';

const checkOnly = process.argv.includes('--check');
const files = await renderContractFiles(specPath).catch(fail);

if (checkOnly) {
  const stale = await findStaleFiles(files, repoRoot);
  if (stale.length > 0) {
    console.error(
      `Stale generated files (run \`pnpm generate\` and commit):\n  ${stale.join('\n  ')}`,
    );
    process.exit(1);
  }
  console.log('Generated files are up to date.');
} else {
  for (const file of files) {
    const target = join(repoRoot, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content);
    console.log(`wrote ${file.path}`);
  }
}
