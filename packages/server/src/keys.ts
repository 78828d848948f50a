// Client keys and admin keys: issued from the cryptographic random source, compared in constant
// time so that a wrong key takes as long to reject as a nearly right one.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type KeyKind = 'publishable' | 'secret';

const PREFIX: Record<KeyKind, string> = { publishable: 'pk_', secret: 'sk_' };

/** A new `pk_` or `sk_` key: the prefix and 32 lowercase hex digits. */
export function issueKey(kind: KeyKind): string {
  return PREFIX[kind] + randomBytes(16).toString('hex');
}

/** A new admin key for a server started without configured ones. */
export function issueAdminKey(): string {
  return `mak_${randomBytes(24).toString('hex')}`;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * The index of the key of `accepted` that `presented` equals, or -1. Every accepted key is
 * compared, over digests of equal length, so neither the position of the match nor the key
 * lengths show in the timing.
 */
export function matchingKeyIndex(presented: string, accepted: readonly string[]): number {
  const presentedDigest = digest(presented);
  let matched = -1;
  accepted.forEach((key, index) => {
    if (timingSafeEqual(presentedDigest, digest(key)) && matched < 0) matched = index;
  });
  return matched;
}
