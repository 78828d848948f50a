// Retries a call that got no answer, a 429 or a 5xx, with exponential backoff and jitter, but
// only when repeating it is safe: an idempotent method, or a create the contract lets us key.
import { isNetworkFailure, MythicNetworkError } from '../errors.ts';
import type { Fetch } from './fetch.ts';

export interface RetryOptions {
  /** Retries after the first attempt. Default 2. */
  limit?: number | undefined;
  /** Backoff before the first retry; it doubles for each next one. Default 200 ms. */
  baseDelayMs?: number | undefined;
  /** Longest backoff. Default 5 000 ms. */
  maxDelayMs?: number | undefined;
  /** Longest `Retry-After` honoured; a longer one returns the answer as is. Default 60 000 ms. */
  maxRetryAfterMs?: number | undefined;
  /** Called before each retry waits, to log or count it. */
  onRetry?: ((retry: RetryEvent) => void) | undefined;
}

export interface RetryEvent {
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  /** The status that was answered, or why no answer came. */
  reason: number | 'network' | 'timeout';
  requestId: string | undefined;
  method: string;
  url: string;
}

type Settings = Required<Omit<RetryOptions, 'onRetry'>> & Pick<RetryOptions, 'onRetry'>;
type Outcome = { response: Response } | { error: unknown };

// PATCH is left out: a merge patch sent with If-Match would fail with 412 once the first attempt
// went through, and a patch is not idempotent in general. POST is left out unless it is a keyed
// create: an Idempotency-Key elsewhere (say, on rotate-keys) is ignored by the server.
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const RETRIED_STATUSES = new Set([429, 500, 502, 503, 504]);

/** `isKeyedCreate` tells a POST whose Idempotency-Key the server honours from any other. */
export function withRetries(
  options: number | RetryOptions,
  next: Fetch,
  isKeyedCreate: (request: Request) => boolean,
): Fetch {
  const settings = settle(options);
  return async (request) => {
    if (!IDEMPOTENT_METHODS.has(request.method) && !isKeyedCreate(request)) return next(request);

    for (let attempt = 1; ; attempt++) {
      // Each attempt sends a clone: a body, once sent, cannot be read again.
      const outcome = await attemptOnce(next, request.clone());
      const delayMs = attempt > settings.limit ? undefined : retryDelay(outcome, attempt, settings);
      if (delayMs === undefined || request.signal.aborted) return unwrap(outcome);

      discard(outcome);
      settings.onRetry?.(describeRetry(request, outcome, attempt, delayMs));
      await sleep(delayMs, request.signal);
    }
  };
}

function settle(options: number | RetryOptions): Settings {
  const given = typeof options === 'number' ? { limit: options } : options;
  return {
    limit: 2,
    baseDelayMs: 200,
    maxDelayMs: 5_000,
    maxRetryAfterMs: 60_000,
    ...given,
  };
}

async function attemptOnce(next: Fetch, request: Request): Promise<Outcome> {
  try {
    return { response: await next(request) };
  } catch (error) {
    return { error };
  }
}

function unwrap(outcome: Outcome): Response {
  if ('response' in outcome) return outcome.response;
  throw outcome.error;
}

/** How long to wait before the next attempt, or undefined when the outcome is final. */
function retryDelay(outcome: Outcome, attempt: number, settings: Settings): number | undefined {
  // An error that is not the network's (a bug in an injected fetch) would fail again: throw it.
  if ('error' in outcome)
    return isNetworkFailure(outcome.error) ? backoff(attempt, settings) : undefined;
  if (!RETRIED_STATUSES.has(outcome.response.status)) return undefined;

  const retryAfterMs = parseRetryAfter(outcome.response.headers.get('Retry-After'));
  if (retryAfterMs === undefined) return backoff(attempt, settings);
  return retryAfterMs <= settings.maxRetryAfterMs ? retryAfterMs : undefined;
}

/** Equal jitter: half the doubled delay for sure, the other half at random, so waits still grow. */
export function backoff(attempt: number, settings: Pick<Settings, 'baseDelayMs' | 'maxDelayMs'>) {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/** `Retry-After` is either whole seconds or an HTTP date. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;

  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);

  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Frees the connection of an answer that will not be read. */
function discard(outcome: Outcome): void {
  // Not awaited: cancelling one branch of a cloned body settles only once the other is done too.
  if ('response' in outcome) outcome.response.body?.cancel().catch(() => {});
}

function describeRetry(request: Request, outcome: Outcome, attempt: number, delayMs: number) {
  return {
    attempt,
    delayMs,
    reason: failureReason(outcome),
    requestId: request.headers.get('X-Request-Id') ?? undefined,
    method: request.method,
    url: request.url,
  } satisfies RetryEvent;
}

function failureReason(outcome: Outcome): RetryEvent['reason'] {
  if ('response' in outcome) return outcome.response.status;
  const timedOut =
    outcome.error instanceof MythicNetworkError && outcome.error.failure === 'timeout';
  return timedOut ? 'timeout' : 'network';
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
