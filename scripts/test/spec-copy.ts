// A scratch copy of spec/ to change without touching the real one.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../lib/paths.ts';

export interface SpecCopy {
  specPath: string;
  edit(file: string, change: (text: string) => string): Promise<void>;
  remove(): Promise<void>;
}

export async function copySpec(): Promise<SpecCopy> {
  const dir = await mkdtemp(join(tmpdir(), 'mythic-spec-'));
  await cp(join(repoRoot, 'spec'), dir, { recursive: true });

  return {
    specPath: join(dir, 'openapi.yaml'),
    async edit(file, change) {
      const path = join(dir, file);
      const before = await readFile(path, 'utf8');
      const after = change(before);
      if (after === before) throw new Error(`The edit of ${file} changed nothing`);
      await writeFile(path, after);
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
