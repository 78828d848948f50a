// Checks credentials before any body is read, for the operations the spec secures, and counts
// requests: per admin key that authenticated, and failed authentications per client address.
// An address whose failures used up the minute is refused before any key is compared, so a
// guess cannot be confirmed until the window ends.
import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { unauthorized } from './errors.ts';
import { matchingKeyIndex } from './keys.ts';
import { WindowCounter } from './rate-limit.ts';
import { WARMUP } from './request-log.ts';
import { operationOf } from './route-guard.ts';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;
const TOO_MANY_FAILURES = 'Too many failed authentications from this address';
const REPEATED_REFUSED = 'a credential header given more than once is refused';

export interface AuthOptions {
  adminKeys: readonly string[];
  /** Requests per minute per admin key, and failed authentications per address; or no limit. */
  perMinute: number | false;
}

/** The credentials a request presents: `Authorization: Bearer` and `X-API-Key`. */
export function presentedCredentials(req: Request): string[] {
  const bearer = BEARER.exec(req.get('Authorization') ?? '')?.[1];
  const apiKey = req.get('X-API-Key');
  return [bearer, apiKey].filter((value): value is string => value !== undefined && value !== '');
}

const CREDENTIAL_HEADERS = ['Authorization', 'X-API-Key'];

/**
 * The credential header a request sends more than once, if any. Node keeps the first of repeated
 * Authorization lines and joins X-API-Key lines, and a proxy in front may pick another copy than
 * we do, so a repeated header is refused rather than read.
 */
function repeatedCredentialHeader(req: Request): string | undefined {
  const names = req.rawHeaders
    .filter((_, index) => index % 2 === 0)
    .map((name) => name.toLowerCase());
  return CREDENTIAL_HEADERS.find(
    (header) => names.filter((name) => name === header.toLowerCase()).length > 1,
  );
}

/** The index of the admin key one of the credentials matches, or -1. */
function authenticatedKey(req: Request, adminKeys: readonly string[]): number {
  for (const credential of presentedCredentials(req)) {
    const index = matchingKeyIndex(credential, adminKeys);
    if (index >= 0) return index;
  }
  return -1;
}

/**
 * What an Idempotency-Key is scoped to: the operation and the admin key that authenticated,
 * hashed so that the key itself is kept nowhere.
 */
function callerScope(operationId = '', adminKey = ''): string {
  return createHash('sha256').update(`${operationId}\n${adminKey}`).digest('hex');
}

/** The scope the authenticated request's Idempotency-Key belongs to. */
export function callerScopeOf(res: Response): string {
  return String(res.locals.callerScope ?? '');
}

export function authenticate({ adminKeys, perMinute }: AuthOptions): RequestHandler {
  const requests = perMinute === false ? undefined : new WindowCounter(perMinute);
  const failures = perMinute === false ? undefined : new WindowCounter(perMinute);

  return (req, res, next) => {
    if (!operationOf(res)?.secured) return next();
    const limited = !(WARMUP in req) && failures !== undefined;
    const now = Date.now();
    // req.ip is the TCP peer's address, or the client's per X-Forwarded-For under `trust proxy`.
    const address = `address:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;
    if (limited) {
      const refusal = failures.exceeded(address, now, TOO_MANY_FAILURES);
      if (refusal) throw refusal;
    }
    const repeated = repeatedCredentialHeader(req);
    const keyIndex = repeated ? -1 : authenticatedKey(req, adminKeys);
    if (keyIndex < 0) {
      if (limited) failures.count(address, now, TOO_MANY_FAILURES);
      throw unauthorized(repeated && `Send ${repeated} once; ${REPEATED_REFUSED}`);
    }
    if (limited) requests?.count(`key:${keyIndex}`, now, 'Rate limit exceeded');
    res.locals.callerScope = callerScope(operationOf(res)?.operationId, adminKeys[keyIndex]);
    next();
  };
}
