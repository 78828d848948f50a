// A fetch that answers from a script and records every request it was sent, to test the client's
// own layers (request id, retries, timeout) without a network in the way.
export type Scripted = Response | Error | 'hang';

export interface FetchRecorder {
  fetch: (request: Request) => Promise<Response>;
  requests: Request[];
  /** The body of each request as it arrived, read when the request was sent. */
  bodies: string[];
}

/** Answers the n-th request with `script[n]`, the last entry for any later one. */
export function scriptedFetch(...script: Scripted[]): FetchRecorder {
  const recorder: FetchRecorder = { fetch: answer, requests: [], bodies: [] };

  async function answer(request: Request): Promise<Response> {
    const next = script[Math.min(recorder.requests.length, script.length - 1)];
    recorder.requests.push(request);
    recorder.bodies.push(await request.text());

    if (next === 'hang') return hangUntilAborted(request.signal);
    if (next instanceof Error) throw next;
    if (next === undefined) throw new Error('The script is empty');
    return next.clone();
  }
  return recorder;
}

/** What undici's fetch rejects with when the connection breaks: a TypeError caused by a socket. */
export function networkFailure(code = 'ECONNRESET'): TypeError {
  const socket = Object.assign(new Error(`read ${code}`), { code });
  return new TypeError('fetch failed', { cause: socket });
}

export function envelope(status: number, headers: Record<string, string> = {}): Response {
  const body = { error: 'Service Unavailable', message: 'Try again', code: status };
  return Response.json(body, { status, headers });
}

export function clientAnswer(status = 200): Response {
  return Response.json({ success: true, data: { id: 'acme-retail' } }, { status });
}

function hangUntilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
