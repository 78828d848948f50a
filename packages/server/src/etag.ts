// ETags of clients. A tag names one version of one client: the row version plus its creation
// instant, so a client deleted and created again under the same id never repeats a tag.
export interface ClientVersion {
  version: number;
  createdAt: number;
}

export function formatEtag({ version, createdAt }: ClientVersion): string {
  return `"${version.toString(36)}-${createdAt.toString(36)}"`;
}

/** The largest version the `integer` column holds: a tag naming a larger one matches nothing. */
const MAX_VERSION = 2_147_483_647;

const STRONG_TAG = /^"([0-9a-z]{1,12})-([0-9a-z]{1,12})"$/;

/**
 * The versions an `If-Match` header accepts: `'any'` for `*`, otherwise the versions of the
 * strong tags it lists. Weak or foreign tags never match (If-Match compares strongly).
 */
export function parseIfMatch(header: string): 'any' | ClientVersion[] {
  if (header.trim() === '*') return 'any';
  const versions: ClientVersion[] = [];
  for (const tag of header.split(',')) {
    const match = STRONG_TAG.exec(tag.trim());
    if (!match?.[1] || !match[2]) continue;
    const version = Number.parseInt(match[1], 36);
    const createdAt = Number.parseInt(match[2], 36);
    if (version > MAX_VERSION || !Number.isSafeInteger(createdAt)) continue;
    versions.push({ version, createdAt });
  }
  return versions;
}
