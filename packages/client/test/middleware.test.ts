// The client's own layers under an injected fetch: request ids, retries with backoff and
// Retry-After, idempotency keys, what is never retried, and timeouts.
import { describe, expect, it } from 'vitest';
import {
  createMythicClient,
  type MythicClientOptions,
  MythicNetworkError,
  type RetryEvent,
} from '../src/index.ts';
import { isKeyedCreate } from '../src/middleware/idempotency-key.ts';
import { backoff, parseRetryAfter } from '../src/middleware/retry.ts';
import {
  clientAnswer,
  envelope,
  networkFailure,
  type Scripted,
  scriptedFetch,
} from './fetch-recorder.ts';

const baseUrl = 'http://api.test/api/v1';
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A client on a scripted fetch with fast retries; `retries` records every retry it makes. */
function clientOn(script: Scripted[], options: { retries?: number; timeoutMs?: number } = {}) {
  const recorder = scriptedFetch(...script);
  const retries: RetryEvent[] = [];
  const mythic = createMythicClient({
    baseUrl,
    adminKey: 'admin-key',
    fetch: recorder.fetch,
    timeoutMs: options.timeoutMs,
    retries: {
      limit: options.retries ?? 3,
      baseDelayMs: 2,
      maxDelayMs: 50,
      onRetry: (retry) => retries.push(retry),
    },
  });
  return { mythic, recorder, retries };
}

const header = (request: Request | undefined, name: string) => request?.headers.get(name);

describe('request id', () => {
  it('sends a new X-Request-Id with every call', async () => {
    const { mythic, recorder } = clientOn([clientAnswer()]);
    await mythic.clients.get('acme-retail');
    await mythic.clients.get('acme-retail');

    const [first, second] = recorder.requests.map((request) => header(request, 'X-Request-Id'));
    expect(first).toMatch(uuid);
    expect(second).toMatch(uuid);
    expect(first).not.toBe(second);
  });

  it('keeps the id the caller sends', async () => {
    const { mythic, recorder } = clientOn([clientAnswer()]);
    await mythic.clients.get('acme-retail', { headers: { 'X-Request-Id': 'req-from-caller' } });
    expect(header(recorder.requests[0], 'X-Request-Id')).toBe('req-from-caller');
  });

  it('keeps one id across all the retries of a call', async () => {
    const { mythic, recorder } = clientOn([envelope(503), envelope(502), clientAnswer()]);
    await mythic.clients.get('acme-retail');

    const ids = new Set(recorder.requests.map((request) => header(request, 'X-Request-Id')));
    expect(recorder.requests).toHaveLength(3);
    expect(ids.size).toBe(1);
  });
});

describe('credentials', () => {
  const sent = async (credentials: { adminKey: string } | { apiKey: string } | object) => {
    const recorder = scriptedFetch(clientAnswer());
    await createMythicClient({ baseUrl, fetch: recorder.fetch, ...credentials }).clients.list();
    const [request] = recorder.requests;
    return [header(request, 'Authorization'), header(request, 'X-API-Key')];
  };

  it('sends an adminKey as a bearer token and an apiKey as X-API-Key', async () => {
    expect(await sent({ adminKey: 'k1' })).toEqual(['Bearer k1', null]);
    expect(await sent({ apiKey: 'k2' })).toEqual([null, 'k2']);
    expect(await sent({})).toEqual([null, null]);
  });

  it('refuses both at once, from a caller the compiler did not stop', () => {
    const both = { baseUrl, adminKey: 'a', apiKey: 'b' } as unknown as MythicClientOptions;
    expect(() => createMythicClient(both)).toThrow(TypeError);
  });
});

describe('retries', () => {
  it('retries a GET answered 5xx until it succeeds, with growing backoff', async () => {
    const { mythic, recorder, retries } = clientOn([
      envelope(500),
      envelope(503),
      envelope(504),
      clientAnswer(),
    ]);
    const { data } = await mythic.clients.get('acme-retail');

    expect(data?.data.id).toBe('acme-retail');
    expect(recorder.requests).toHaveLength(4);
    expect(retries.map((retry) => [retry.attempt, retry.reason])).toEqual([
      [1, 500],
      [2, 503],
      [3, 504],
    ]);
    const delays = retries.map((retry) => retry.delayMs);
    expect(delays[1]).toBeGreaterThanOrEqual(delays[0] ?? Infinity);
    expect(delays[2]).toBeGreaterThanOrEqual(delays[1] ?? Infinity);
  });

  it('stops at the limit and returns the last answer', async () => {
    const { mythic, recorder } = clientOn([envelope(503)], { retries: 2 });
    const { error, response } = await mythic.clients.list();

    expect(recorder.requests).toHaveLength(3);
    expect(response.status).toBe(503);
    expect(error?.code).toBe(503);
  });

  it('honours Retry-After on a 429', async () => {
    const tooMany = envelope(429, { 'Retry-After': '1' });
    const { mythic, recorder, retries } = clientOn([tooMany, clientAnswer()]);
    const { response } = await mythic.clients.list();

    expect(response.status).toBe(200);
    expect(recorder.requests).toHaveLength(2);
    expect(retries).toMatchObject([{ reason: 429, delayMs: 1000 }]);
  });

  it('returns a 429 whose Retry-After is longer than it will wait', async () => {
    const tooMany = envelope(429, { 'Retry-After': '3600' });
    const { mythic, recorder } = clientOn([tooMany, clientAnswer()]);
    const { response } = await mythic.clients.list();

    expect(response.status).toBe(429);
    expect(recorder.requests).toHaveLength(1);
  });

  it('retries a network failure, then throws MythicNetworkError with the cause', async () => {
    const refused = networkFailure('ECONNREFUSED');
    const { mythic, recorder } = clientOn([refused], { retries: 1 });
    const failure = await mythic.health().catch((error: unknown) => error);

    expect(recorder.requests).toHaveLength(2);
    expect(failure).toBeInstanceOf(MythicNetworkError);
    expect(failure).toMatchObject({ failure: 'network', cause: refused, method: 'GET' });
    expect((failure as MythicNetworkError).requestId).toBe(
      header(recorder.requests[0], 'X-Request-Id'),
    );
  });

  it('retries a create with the same Idempotency-Key and the same body', async () => {
    const { mythic, recorder } = clientOn([networkFailure(), envelope(503), clientAnswer(201)]);
    const { response } = await mythic.clients.create({ name: 'Acme Retail' });

    expect(response.status).toBe(201);
    const keys = new Set(recorder.requests.map((request) => header(request, 'Idempotency-Key')));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(uuid);
    // Each attempt carried the whole body: a sent body cannot be read twice without a clone.
    expect(recorder.bodies).toEqual(Array(3).fill('{"name":"Acme Retail"}'));
  });

  it('sends the Idempotency-Key the caller chose, on raw calls too', async () => {
    const { mythic, recorder } = clientOn([envelope(500), clientAnswer(201)]);
    await mythic.clients.create({ name: 'Acme Retail' }, { idempotencyKey: 'create-acme-1' });
    await mythic.POST('/clients', { body: { name: 'Northwind Traders' } });

    const keys = recorder.requests.map((request) => header(request, 'Idempotency-Key'));
    expect(keys.slice(0, 2)).toEqual(['create-acme-1', 'create-acme-1']);
    expect(keys[2]).toMatch(uuid);
  });

  // Each row is a call that must reach the server once, whatever it answers.
  it.each([
    ['a POST without an Idempotency-Key', 'rotateKeys', envelope(503)],
    // The server ignores the key there: each repeat would issue new keys.
    ['a rotation carrying an Idempotency-Key', 'keyedRotateKeys', envelope(503)],
    ['a PATCH', 'update', envelope(503)],
    ['a PATCH that got no answer', 'update', networkFailure()],
    ['a PATCH carrying an Idempotency-Key', 'keyedUpdate', envelope(503)],
    ['a 4xx answer', 'get', envelope(404)],
    ['a 501 answer', 'get', envelope(501)],
  ] as const)('does not retry %s', async (_, call, answer) => {
    const { mythic, recorder } = clientOn([answer, clientAnswer()]);
    const keyed = { headers: { 'Idempotency-Key': 'key-from-caller' } };
    const calls = {
      rotateKeys: () => mythic.clients.rotateKeys('acme-retail'),
      keyedRotateKeys: () => mythic.clients.rotateKeys('acme-retail', {}, keyed),
      update: () => mythic.clients.update('acme-retail', { name: 'Acme Retail Group' }),
      keyedUpdate: () => mythic.clients.update('acme-retail', { name: 'Acme Retail' }, keyed),
      get: () => mythic.clients.get('acme-retail'),
    };
    await calls[call]().catch(() => undefined);
    expect(recorder.requests).toHaveLength(1);
  });

  it.each(['Idempotency-Key', 'idempotency-key'])(
    'refuses %s among the headers of every call',
    (name) => {
      const headers = { [name]: 'one-key-for-all' };
      expect(() => createMythicClient({ baseUrl, headers })).toThrow(
        /Idempotency-Key cannot be a header of every call/,
      );
    },
  );

  it('is off unless asked for', async () => {
    const recorder = scriptedFetch(envelope(503), clientAnswer());
    const mythic = createMythicClient({ baseUrl, fetch: recorder.fetch });
    const { response } = await mythic.clients.list();

    expect(response.status).toBe(503);
    expect(recorder.requests).toHaveLength(1);
  });
});

describe('which POSTs are keyed creates', () => {
  it.each([
    ['POST', '/api/v1/clients', true],
    ['POST', '/api/v1/clients/', true],
    ['POST', '/api/v1/clients/acme-retail/rotate-keys', false],
    ['PATCH', '/api/v1/clients', false],
    ['POST', '/elsewhere/clients', false],
  ])('%s %s: %s', (method, path, want) => {
    const request = new Request(`http://api.test${path}`, { method });
    expect(isKeyedCreate(request, baseUrl)).toBe(want);
  });
});

describe('what counts as a network failure', () => {
  it('turns a refused connection into MythicNetworkError', async () => {
    // Port 9 (discard) has no listener here: a real connection refused by the kernel.
    const unreachable = createMythicClient({ baseUrl: 'http://127.0.0.1:9/api/v1' });
    const failure = await unreachable.health().catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'MythicNetworkError', failure: 'network' });
  });

  it('lets an error thrown by onRetry through as it is', async () => {
    const hookFailure = new Error('the retry log is full');
    const recorder = scriptedFetch(envelope(503), clientAnswer());
    const retries = {
      limit: 2,
      baseDelayMs: 1,
      onRetry: () => {
        throw hookFailure;
      },
    };
    const mythic = createMythicClient({ baseUrl, fetch: recorder.fetch, retries });

    await expect(mythic.clients.list()).rejects.toBe(hookFailure);
    expect(recorder.requests).toHaveLength(1);
  });

  it('lets a bug in an injected fetch through as it is, without retrying it', async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'agent')");
    const { mythic, recorder } = clientOn([bug, clientAnswer()]);

    await expect(mythic.clients.get('acme-retail')).rejects.toBe(bug);
    expect(recorder.requests).toHaveLength(1);
  });

  it('lets a Node error with a code of its own through, as no socket failed', async () => {
    const missingFile = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
    const badArgument = Object.assign(new TypeError('bad argument'), {
      code: 'ERR_INVALID_ARG_TYPE',
    });
    for (const bug of [missingFile, badArgument]) {
      const { mythic, recorder } = clientOn([bug, clientAnswer()]);
      await expect(mythic.clients.get('acme-retail')).rejects.toBe(bug);
      expect(recorder.requests).toHaveLength(1);
    }
  });

  it.each(['ECONNRESET', 'UND_ERR_SOCKET'])(
    'retries a fetch failure caused by %s, then throws MythicNetworkError',
    async (code) => {
      const socket = Object.assign(new Error('socket hang up'), { code });
      const failed = new TypeError('fetch failed', { cause: socket });
      const bare = Object.assign(new Error('other side closed'), { code });
      const { mythic, recorder } = clientOn([failed, bare, bare], { retries: 2 });
      const failure = await mythic.clients.get('acme-retail').catch((error: unknown) => error);

      expect(failure).toMatchObject({ name: 'MythicNetworkError', failure: 'network' });
      expect(recorder.requests).toHaveLength(3);
    },
  );
});

describe('timeout', () => {
  it('aborts a call that takes too long and throws with its request id', async () => {
    const recorder = scriptedFetch('hang');
    const mythic = createMythicClient({ baseUrl, fetch: recorder.fetch, timeoutMs: 20 });
    const failure = await mythic.clients.list().catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(MythicNetworkError);
    expect(failure).toMatchObject({ failure: 'timeout', method: 'GET' });
    const [request] = recorder.requests;
    expect(request?.signal.aborted).toBe(true);
    expect((failure as MythicNetworkError).requestId).toBe(header(request, 'X-Request-Id'));
  });

  it('gives each attempt its own time when retrying', async () => {
    const { mythic, recorder, retries } = clientOn(['hang', 'hang', clientAnswer()], {
      timeoutMs: 20,
    });
    const { response } = await mythic.clients.get('acme-retail');

    expect(response.status).toBe(200);
    expect(recorder.requests).toHaveLength(3);
    expect(retries.map((retry) => retry.reason)).toEqual(['timeout', 'timeout']);
  });

  it('reports a call the caller aborted as aborted, and does not retry it', async () => {
    const { mythic, recorder } = clientOn(['hang'], { timeoutMs: 10_000 });
    const controller = new AbortController();
    const call = mythic.clients.get('acme-retail', { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);

    await expect(call).rejects.toMatchObject({ name: 'MythicNetworkError', failure: 'aborted' });
    expect(recorder.requests).toHaveLength(1);
  });
});

describe('backoff and Retry-After', () => {
  const settings = { baseDelayMs: 100, maxDelayMs: 1_000 };

  it.each([
    [1, 50, 100],
    [2, 100, 200],
    [3, 200, 400],
    [5, 500, 1_000],
    [9, 500, 1_000],
  ])('waits between the bounds before retry %i', (attempt, least, most) => {
    for (let sample = 0; sample < 20; sample++) {
      const delay = backoff(attempt, settings);
      expect(delay).toBeGreaterThanOrEqual(least);
      expect(delay).toBeLessThanOrEqual(most);
    }
  });

  it.each([
    ['12', 12_000],
    ['0', 0],
    [null, undefined],
    ['', undefined],
    ['soon', undefined],
    ['Thu, 01 Jan 1970 00:00:00 GMT', 0],
  ])('reads Retry-After %j as %j ms', (value, want) => {
    expect(parseRetryAfter(value)).toBe(want);
  });

  it('reads a Retry-After date as the time left until it', () => {
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const ms = parseRetryAfter(inTenSeconds) ?? 0;
    expect(ms).toBeGreaterThan(8_000);
    expect(ms).toBeLessThanOrEqual(10_000);
  });
});
