// Client ids derived from names: `Acme Retail` becomes `acme-retail`, then `acme-retail-2`, …
import { randomBytes } from 'node:crypto';

const MAX_ID_LENGTH = 255;
/** The longest suffix firstFreeId appends: `-` and up to ten digits. */
const MAX_SUFFIX_LENGTH = 11;

/** The slug of a name, or undefined when the name has no letter or digit to build one from. */
export function slugify(name: string): string | undefined {
  const slug = name
    // Letters with marks keep their base letter: `Café Ünïcode` becomes `cafe-unicode`.
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_ID_LENGTH)
    .replace(/-+$/, '');
  return slug === '' ? undefined : slug;
}

/** The first free id among `base`, `base-2`, `base-3`, … given the ids already taken. */
export function firstFreeId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = base.slice(0, MAX_ID_LENGTH - suffix.length).replace(/-+$/, '') + suffix;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * What every id firstFreeId derives from `base`, other than `base` itself, starts with: `base-`,
 * or for a base too long to take a suffix whole, the part of it no suffix cuts off.
 */
export function derivedIdPrefix(base: string): string {
  if (base.length + MAX_SUFFIX_LENGTH <= MAX_ID_LENGTH) return `${base}-`;
  return base.slice(0, MAX_ID_LENGTH - MAX_SUFFIX_LENGTH).replace(/-+$/, '');
}

/** An id for a client whose name gives no slug. */
export function randomClientId(): string {
  return `client-${randomBytes(6).toString('hex')}`;
}
