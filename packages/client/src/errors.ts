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

// fetch rejects with a TypeError when the network fails: undici says 'fetch failed' (the socket
// error as its cause) or 'terminated' (a body cut off); browsers have words of their own.
const NETWORK_MESSAGES = new Set([
  'fetch failed',
  'terminated',
  'Failed to fetch',
  'Load failed',
  'NetworkError when attempting to fetch resource.',
]);

// The codes of a socket or DNS failure, as Node's net and dns modules name them; undici's own
// (UND_ERR_SOCKET, UND_ERR_CONNECT_TIMEOUT, ...) all start with UND_ERR_.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * True for an error that says the network call failed, as opposed to a bug in code around it
 * (a caller's `onRetry`, or an injected fetch that throws an error of its own).
 */
export function isNetworkFailure(error: unknown): boolean {
  if (error instanceof MythicNetworkError) return true;
  if (error instanceof TypeError && NETWORK_MESSAGES.has(error.message)) return true;
  // A socket error thrown as is, or as the cause of the error fetch threw.
  return hasNetworkCode(error) || (error instanceof Error && hasNetworkCode(error.cause));
}

/** True for the error a fetch or a wait rejects with when its signal is aborted. */
export function isAbort(error: unknown, signal: AbortSignal): boolean {
  if (!signal.aborted) return false;
  return error === signal.reason || (error instanceof Error && error.name === 'AbortError');
}

function hasNetworkCode(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code } = error as { code?: unknown };
  return typeof code === 'string' && (NETWORK_CODES.has(code) || code.startsWith('UND_ERR_'));
}

function describe(failure: NetworkFailure, request: Request): string {
  const call = `${request.method} ${request.url}`;
  if (failure === 'timeout') return `${call} timed out`;
  if (failure === 'aborted') return `${call} was aborted`;
  return `${call} failed before an answer arrived`;
}
