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

// Checked against the contract: a path listed here that stops taking the header fails to compile.
const KEYED_CREATES: ReadonlySet<string> = new Set<KeyedCreatePath>(['/clients']);

// An openapi-fetch middleware, so it runs once per call before the fetch layers: every retry of
// the call then sends the same key.
export const idempotencyKeys: Middleware = {
  onRequest({ request, schemaPath }) {
    if (request.method !== 'POST' || !KEYED_CREATES.has(schemaPath)) return undefined;
    if (!request.headers.has(IDEMPOTENCY_KEY_HEADER)) {
      request.headers.set(IDEMPOTENCY_KEY_HEADER, crypto.randomUUID());
    }
    return request;
  },
};
