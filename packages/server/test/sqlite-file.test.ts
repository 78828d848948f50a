// DATABASE_URL may name a file that is not a database by mistake: the server refuses it and
// leaves it as it was, its mode included, instead of making it private and failing later.
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mythic-sqlite-file-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the SQLite file of DATABASE_URL', () => {
  it('refuses a file that is not a database and leaves it untouched', async () => {
    const path = join(dir, 'accounts.txt');
    await writeFile(path, 'root:x:0:0:root:/root:/bin/bash\n', { mode: 0o644 });

    expect(() => openDatabase(`sqlite:${path}`, () => {})).toThrow(
      `DATABASE_URL names ${path}, which is not a SQLite database`,
    );
    expect((await stat(path)).mode & 0o777).toBe(0o644);
    expect(await readFile(path, 'utf8')).toBe('root:x:0:0:root:/root:/bin/bash\n');
  });

  it('creates a new database readable by its owner only', async () => {
    const path = join(dir, 'new', 'mythic.db');
    await openAndClose(path);

    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('opens an existing database and makes it private', async () => {
    const path = join(dir, 'shared.db');
    await openAndClose(path);
    await chmod(path, 0o644);
    await openAndClose(path);

    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });
});

async function openAndClose(path: string): Promise<void> {
  const { db } = openDatabase(`sqlite:${path}`, () => {});
  await db.destroy();
}
