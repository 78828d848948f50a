// Bounds one attempt of a call, from sending the request to the last byte of the answer, with
// an AbortSignal; the caller's own signal keeps working beside it.
import { MythicNetworkError } from '../errors.ts';
import type { Fetch } from './fetch.ts';

export function withTimeout(timeoutMs: number, next: Fetch): Fetch {
  return async (request) => {
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(), timeoutMs);
    const signal = AbortSignal.any([request.signal, timer.signal]);

    try {
      // Racing the abort as well means even a fetch that ignores its signal cannot hang the call.
      const answer = next(new Request(request, { signal })).then(readWhole);
      return await Promise.race([answer, rejectOnAbort(signal)]);
    } catch (error) {
      if (timer.signal.aborted && !request.signal.aborted) {
        throw new MythicNetworkError('timeout', request, error);
      }
      throw error;
    } finally {
      clearTimeout(timeout);
    }
  };
}

/**
 * Reads the body inside the timeout, so that a stalled body times out like a stalled answer. A
 * clone is read and the answer itself returned, its body then waiting in memory: the answer
 * keeps its `url`, `redirected` and `type`, and a 204 or 304 needs no body rebuilt.
 */
async function readWhole(response: Response): Promise<Response> {
  if (response.body !== null) await response.clone().arrayBuffer();
  return response;
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  const aborted = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  // The race may be long settled when a caller aborts: that late rejection is nobody's concern.
  aborted.catch(() => {});
  return aborted;
}
