// The admin key of a server started without MYTHIC_ADMIN_KEYS: generated once, kept in the data
// folder readable by its owner only, and reused on every later start.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueAdminKey } from './keys.ts';

export const ADMIN_KEY_FILE = 'admin-key';

export interface StoredAdminKey {
  key: string;
  path: string;
  /** True when this call generated the key (so it should be shown once). */
  created: boolean;
}

export function ensureAdminKey(dataDir: string): StoredAdminKey {
  const path = join(dataDir, ADMIN_KEY_FILE);
  try {
    const key = readFileSync(path, 'utf8').trim();
    if (key !== '') return { key, path, created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }

  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = issueAdminKey();
  // 'w' rather than 'wx': an empty file left by an interrupted start is replaced.
  writeFileSync(path, `${key}\n`, { mode: 0o600, flag: 'w' });
  return { key, path, created: true };
}
