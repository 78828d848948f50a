// What the client throws. HTTP errors are returned as the contract's ErrorEnvelope; only a call
// that got no answer (network failure, timeout, abort) or a page walk that cannot go on throws.
import type { ErrorEnvelope } from '@mythic-analytics/contract';

/** Why a call got no answer. */
export type NetworkFailure = 'network' | 'timeout' | 'aborted';

/**
 * Thrown when a call gets no HTTP answer: the connection failed, `timeoutMs` passed, or the
 * caller aborted it. `requestId` is the `X-Request-Id` the call was sent with; `cause` is the
 * underlying error.
 */
export class MythicNetworkError extends Error {
  override readonly name = 'MythicNetworkError';
  readonly failure: NetworkFailure;
  readonly requestId: string | undefined;
  readonly method: string;
  readonly url: string;

  constructor(failure: NetworkFailure, request: Request, cause: unknown) {
    super(describe(failure, request), { cause });
    this.failure = failure;
    this.requestId = request.headers.get('x-request-id') ?? undefined;
    this.method = request.method;
    this.url = request.url;
  }
}

/**
 * Thrown by `listAll` when a page is answered with an error, since an iterator cannot return
 * one. `error` is the answer's envelope, `status` its HTTP status.
 */
export class MythicApiError extends Error {
  override readonly name = 'MythicApiError';
  readonly status: number;
  readonly error: ErrorEnvelope;
  readonly requestId: string | undefined;

  constructor(error: ErrorEnvelope, response: Response) {
    super(`${response.status} ${error.error}: ${error.message}`);
    this.status = response.status;
    this.error = error;
    this.requestId = response.headers.get('x-request-id') ?? undefined;
  }
}

/**
 * Thrown by `listAll` when a page hands back the very cursor it was asked for, so that following
 * it would fetch the same page for ever. `cursor` is that cursor, `requestId` the page's.
 */
export class MythicPaginationError extends Error {
  override readonly name = 'MythicPaginationError';
  readonly cursor: string;
  readonly requestId: string | undefined;

  constructor(cursor: string, response: Response) {
    super(`The page for cursor ${cursor} named it as the next one too; the walk cannot advance`);
    this.cursor = cursor;
    this.requestId = response.headers.get('x-request-id') ?? undefined;
  }
}

function describe(failure: NetworkFailure, request: Request): string {
  const call = `${request.method} ${request.url}`;
  if (failure === 'timeout') return `${call} timed out`;
  if (failure === 'aborted') return `${call} was aborted`;
  return `${call} failed before an answer arrived`;
}
