// Gives every create an Idempotency-Key unless the caller chose one, so that the server answers
// a repeated create with the client it already made instead of making a second one.
import type { paths } from '@mythic-analytics/contract';
import type { Middleware } from 'openapi-fetch';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** The paths whose POST declares an `Idempotency-Key` header in the contract. */
type KeyedCreatePath = {
  [Path in keyof paths]: paths[Path]['post'] extends { parameters: { header?: infer Header } }
    ? [NonNullable<Header>] extends [never]
      ? never
      : typeof IDEMPOTENCY_KEY_HEADER extends keyof NonNullable<Header>
        ? Path
        : never
    : never;
}[keyof paths];

// Checked against the contract both ways: a keyed path missing here, or one listed here that
// stops taking the header, fails to compile.
const KEYED_CREATES = { '/clients': true } satisfies Record<KeyedCreatePath, true>;

/** Each keyed path as a pattern of the URL path below the base URL; `{id}` is one segment. */
const KEYED_CREATE_PATTERNS = Object.keys(KEYED_CREATES).map((path) => {
  const segments = path
    .split('/')
    .map((segment) =>
      /^\{.+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&'),
    );
  return new RegExp(`^${segments.join('/')}/?$`);
});

/**
 * True for a POST to an operation that takes an Idempotency-Key: the only POSTs that are safe to
 * repeat, since the server answers a repeated key with its first answer.
 */
export function isKeyedCreate(request: Request, baseUrl: string): boolean {
  if (request.method !== 'POST') return false;

  const basePath = new URL(baseUrl).pathname.replace(/\/$/, '');
  const { pathname } = new URL(request.url);
  if (!pathname.startsWith(basePath)) return false;
  const path = pathname.slice(basePath.length);
  return KEYED_CREATE_PATTERNS.some((pattern) => pattern.test(path));
}

// An openapi-fetch middleware, so it runs once per call before the fetch layers: every retry of
// the call then sends the same key.
export const idempotencyKeys: Middleware = {
  onRequest({ request, schemaPath }) {
    if (request.method !== 'POST' || !(schemaPath in KEYED_CREATES)) return undefined;
    if (!request.headers.has(IDEMPOTENCY_KEY_HEADER)) {
      request.headers.set(IDEMPOTENCY_KEY_HEADER, crypto.randomUUID());
    }
    return request;
  },
};
