// Gives every call an X-Request-Id, made once per call so that all its attempts share it, and
// turns a call that got no answer into a MythicNetworkError that carries that id.
import { isAbort, isNetworkFailure, MythicNetworkError } from '../errors.ts';
import type { Fetch } from './fetch.ts';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** Outermost layer: the id it sets is the one the server logs and echoes back. */
export function withRequestId(next: Fetch): Fetch {
  return async (request) => {
    // A caller that already has an id (say, from an incoming request) keeps it.
    if (!request.headers.has(REQUEST_ID_HEADER)) {
      request.headers.set(REQUEST_ID_HEADER, crypto.randomUUID());
    }

    try {
      return await next(request);
    } catch (error) {
      throw asNetworkError(error, request);
    }
  };
}

// Only a failed network call becomes a MythicNetworkError: an error from the caller's own code
// (an onRetry hook, an injected fetch with a bug) is theirs to see as it is.
function asNetworkError(error: unknown, request: Request): unknown {
  if (error instanceof MythicNetworkError) return error;
  if (isAbort(error, request.signal)) return new MythicNetworkError('aborted', request, error);
  if (isNetworkFailure(error)) return new MythicNetworkError('network', request, error);
  return error;
}
