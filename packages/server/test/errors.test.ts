// Every failure a client can cause answers the envelope with the right status, on both engines:
// credentials, routes, methods, media types, sizes, malformed bodies and the rate limit.
import http from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_KEY, type CallOptions, startTestApi, type TestApi } from './support/api.ts';
import { engines } from './support/engines.ts';

/** Every operation that needs credentials, with a body it would accept. */
const GUARDED_OPERATIONS = [
  { method: 'GET', path: '/clients' },
  { method: 'POST', path: '/clients', body: { name: 'Acme' } },
  { method: 'GET', path: '/clients/acme' },
  { method: 'PATCH', path: '/clients/acme', body: { name: 'Acme' } },
  { method: 'DELETE', path: '/clients/acme' },
  { method: 'POST', path: '/clients/acme/rotate-keys', body: { keys: 'both' } },
];
const WITH_BODY = GUARDED_OPERATIONS.filter((operation) => operation.body !== undefined);

const UNAUTHORIZED = {
  error: 'Unauthorized',
  message: 'Authentication required. Please provide a valid API token',
  code: 401,
};

describe.each(engines)('errors on $name', (engine) => {
  let api: TestApi;

  /** A request through `agent`, telling whether it went over a connection used before. */
  function rawRequest(agent: http.Agent, method: string, path: string, body?: string) {
    return new Promise<{ status: number; reusedSocket: boolean }>((resolve, reject) => {
      const headers = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
      const request = http.request(`${api.server.baseUrl}${path}`, { method, agent, headers });
      request.on('response', (response) => {
        response.resume();
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, reusedSocket: request.reusedSocket }),
        );
      });
      request.on('error', reject);
      request.end(body);
    });
  }

  beforeAll(async () => {
    api = await startTestApi(engine);
  });
  afterAll(() => api.close());

  describe('credentials', () => {
    it.each([
      { name: 'no credential', headers: { authorization: undefined } },
      { name: 'a wrong bearer key', headers: { authorization: 'Bearer not-the-admin-key' } },
      {
        name: 'a bearer key with another scheme',
        headers: { authorization: `Basic ${ADMIN_KEY}` },
      },
      { name: 'a wrong X-API-Key', headers: { authorization: undefined, 'x-api-key': 'nope' } },
      {
        name: 'the key with one more character',
        headers: { authorization: `Bearer ${ADMIN_KEY}x` },
      },
    ])('answers 401 for $name', async ({ headers }) => {
      const answer = await api.call('GET', '/clients', { headers });
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual(UNAUTHORIZED);
    });

    it.each(GUARDED_OPERATIONS)('answers 401 to $method $path without one', async (operation) => {
      const answer = await api.call(operation.method, operation.path, {
        body: operation.body,
        headers: { authorization: undefined },
      });
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual(UNAUTHORIZED);
    });

    it('accepts the key as X-API-Key and needs none for health', async () => {
      const byHeader = await api.call('GET', '/clients', {
        headers: { authorization: undefined, 'x-api-key': ADMIN_KEY },
      });
      expect(byHeader.status).toBe(200);
      const health = await api.call('GET', '/health', { headers: { authorization: undefined } });
      expect(health.body).toEqual({ success: true, data: { status: 'ok', database: engine.name } });
    });
  });

  describe('routes and methods', () => {
    it('answers 404 for a path the API does not have', async () => {
      const answer = await api.call('GET', '/clientz');
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ error: 'Not Found', code: 404 });
      const outside = await fetch(`${api.server.origin}/nowhere`);
      expect(outside.status).toBe(404);
      expect(await outside.json()).toMatchObject({ error: 'Not Found', code: 404 });
    });

    it.each([
      { method: 'PUT', path: '/clients/acme', allow: 'GET, HEAD, PATCH, DELETE' },
      { method: 'DELETE', path: '/clients', allow: 'GET, HEAD, POST' },
      { method: 'GET', path: '/clients/acme/rotate-keys', allow: 'POST' },
      { method: 'POST', path: '/health', allow: 'GET, HEAD' },
    ])('answers 405 for $method $path with Allow: $allow', async ({ method, path, allow }) => {
      const answer = await api.call(method, path);
      expect(answer.status).toBe(405);
      expect(answer.headers.get('allow')).toBe(allow);
      expect(answer.body).toMatchObject({ error: 'Method Not Allowed', code: 405 });
    });

    it('answers 400 naming id for an id the spec forbids', async () => {
      const answer = await api.call('GET', '/clients/not%20valid');
      expect(answer.status).toBe(400);
      expect(answer.body.details[0].field).toBe('id');
    });
  });

  describe('bodies', () => {
    it.each([
      { method: 'POST', path: '/clients' },
      { method: 'PATCH', path: '/clients/acme' },
    ])('answers 400 on body when $method $path comes without one', async ({ method, path }) => {
      const answer = await api.call(method, path, { headers: { 'content-type': undefined } });
      expect(answer.status).toBe(400);
      expect(answer.body.details).toEqual([
        { field: 'body', message: 'Send a JSON object in the body' },
      ]);
    });

    it('answers 400 for malformed JSON', async () => {
      const answer = await api.call('POST', '/clients', { raw: '{"name": "Acme",' });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        error: 'Bad Request',
        message: 'The request body is not valid JSON',
        code: 400,
      });
    });

    it.each(['[]', '"Acme"', '42', 'null', 'true'])('answers 400 on body for %s', async (raw) => {
      const answer = await api.call('PATCH', '/clients/acme', { raw });
      expect(answer.status).toBe(400);
      expect(answer.body.details.map((detail: { field: string }) => detail.field)).toContain(
        'body',
      );
    });

    it.each(
      ['text/plain', 'application/xml', 'application/x-www-form-urlencoded'].flatMap(
        (contentType) => WITH_BODY.map((operation) => ({ ...operation, contentType })),
      ),
    )('answers 415 to $method $path for $contentType', async ({ method, path, contentType }) => {
      const answer = await api.call(method, path, {
        raw: 'name=Acme',
        headers: { 'content-type': contentType },
      });
      expect(answer.status).toBe(415);
      expect(answer.body).toMatchObject({ error: 'Unsupported Media Type', code: 415 });
    });

    it.each(WITH_BODY)('answers 413 to $method $path for a body over 1 MiB', async (operation) => {
      const blob = 'x'.repeat(1024 * 1024);
      const answer = await api.call(operation.method, operation.path, {
        raw: JSON.stringify({ ...operation.body, api_metadata: { blob } }),
      });
      expect(answer.status).toBe(413);
      expect(answer.body).toMatchObject({ error: 'Payload Too Large', code: 413 });
    });

    it('drains a refused body and answers the next request on the same connection', async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const body = JSON.stringify({ name: 'x', api_metadata: { blob: 'x'.repeat(1 << 20) } });
        const refused = await rawRequest(agent, 'POST', '/clients', body);
        expect(refused.status).toBe(413);
        const next = await rawRequest(agent, 'GET', '/clients?limit=1');
        expect(next).toEqual({ status: 200, reusedSocket: true });
      } finally {
        agent.destroy();
      }
    });

    it.each([
      { method: 'DELETE', path: '/clients/bad%20id' },
      { method: 'POST', path: '/clients/bad%20id/rotate-keys' },
      { method: 'PATCH', path: '/clients/bad%20id', body: { name: 'X' } },
    ])('answers 400 naming id to $method $path', async ({ method, path, body }) => {
      const answer = await api.call(method, path, { body });
      expect(answer.status).toBe(400);
      expect(answer.body.details.map((detail: { field: string }) => detail.field)).toContain('id');
    });

    it.each([
      { name: 'malformed JSON', raw: '{', headers: {} },
      { name: 'a body over 1 MiB', raw: `"${'x'.repeat(1 << 20)}"`, headers: {} },
      { name: 'an unaccepted media type', raw: 'x', headers: { 'content-type': 'text/xml' } },
    ])('hides internals in the answer to $name', async ({ raw, headers }) => {
      const answer = await api.call('POST', '/clients', { raw, headers });
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(Object.keys(answer.body).sort()).toEqual(['code', 'error', 'message']);
      expect(JSON.stringify(answer.body)).not.toMatch(/at .*\.ts|node_modules|Error:|\n/);
    });
  });

  describe('request ids', () => {
    it('echoes a sane X-Request-Id and replaces an unsafe one', async () => {
      const given = await api.call('GET', '/health', { headers: { 'x-request-id': 'abc-123' } });
      expect(given.headers.get('x-request-id')).toBe('abc-123');
      const unsafe = await api.call('GET', '/health', { headers: { 'x-request-id': 'a b\tc' } });
      expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const none = await api.call('GET', '/health');
      expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });
});

describe('rate limit', () => {
  const SECOND_KEY = 'second-admin-key-8d1e5a';
  const [engine] = engines;
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi(engine as (typeof engines)[number], {
      adminKeys: [ADMIN_KEY, SECOND_KEY],
      rateLimit: { perMinute: 3 },
    });
  });
  afterEach(() => api.close());

  async function statuses(count: number, options: CallOptions, path = '/clients') {
    const seen = [];
    for (let i = 0; i < count; i++) seen.push((await api.call('GET', path, options)).status);
    return seen;
  }

  it('answers 429 with Retry-After once a key used its minute, and counts keys apart', async () => {
    expect(await statuses(4, {})).toEqual([200, 200, 200, 429]);

    const limited = await api.call('GET', '/clients');
    expect(limited.body).toMatchObject({ error: 'Too Many Requests', code: 429 });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    const other = await api.call('GET', '/clients', {
      headers: { authorization: `Bearer ${SECOND_KEY}` },
    });
    expect(other.status).toBe(200);
  });

  it('counts the key that authenticated, whatever junk comes beside it', async () => {
    const junk = (n: number) => ({
      headers: { authorization: `Bearer junk-${n}`, 'x-api-key': ADMIN_KEY },
    });
    const seen = [];
    for (let n = 0; n < 4; n++) seen.push((await api.call('GET', '/clients', junk(n))).status);
    expect(seen).toEqual([200, 200, 200, 429]);
  });

  it('counts requests that fail validation', async () => {
    expect(await statuses(3, {}, '/clients?limit=many')).toEqual([400, 400, 400]);
    expect((await api.call('GET', '/clients')).status).toBe(429);
  });

  it('limits failed authentications per address before anything else', async () => {
    const wrong = (n: number) => ({ headers: { authorization: `Bearer wrong-key-${n}` } });
    const seen = [];
    for (let n = 0; n < 4; n++) seen.push((await api.call('GET', '/clients', wrong(n))).status);
    expect(seen).toEqual([401, 401, 401, 429]);
    const limited = await api.call('POST', '/clients', { raw: '{', ...wrong(9) });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Refused before the key is compared: a right guess cannot be told from a wrong one.
    const rightKey = await api.call('GET', '/clients');
    expect(rightKey.status).toBe(429);
    expect(Number(rightKey.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('counts failures per X-Forwarded-For address when the proxy is trusted', async () => {
    await api.close();
    api = await startTestApi(engine as (typeof engines)[number], {
      rateLimit: { perMinute: 1 },
      trustProxy: 'loopback',
    });
    const from = (address: string, key = 'wrong-key') => ({
      headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': address },
    });
    expect((await api.call('GET', '/clients', from('203.0.113.7'))).status).toBe(401);
    expect((await api.call('GET', '/clients', from('203.0.113.7', ADMIN_KEY))).status).toBe(429);
    expect((await api.call('GET', '/clients', from('198.51.100.2', ADMIN_KEY))).status).toBe(200);
  });
});

describe('CORS', () => {
  const [engine] = engines;
  const ORIGIN = 'https://app.example.com';
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(engine as (typeof engines)[number], { corsOrigins: [ORIGIN] });
  });
  afterAll(() => api.close());

  function preflight(base: string, origin: string) {
    return fetch(`${base}/clients/acme`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization,content-type,if-match',
      },
    });
  }

  it('answers a preflight from an allowed origin: spec methods, no credentials', async () => {
    const answer = await preflight(api.server.baseUrl, ORIGIN);
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(answer.headers.get('access-control-allow-methods')).toBe('GET,POST,PATCH,DELETE,HEAD');
    expect(answer.headers.get('access-control-allow-headers')).toBe(
      'Authorization,X-API-Key,Content-Type,If-Match,Idempotency-Key,X-Request-Id,Prefer',
    );
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();

    const get = await api.call('GET', '/clients', { headers: { origin: ORIGIN } });
    expect(get.headers.get('access-control-expose-headers')).toBe(
      'ETag,Retry-After,X-Request-Id,Allow',
    );
  });

  it('gives no CORS header to another origin', async () => {
    const answer = await api.call('GET', '/clients', {
      headers: { origin: 'https://evil.example' },
    });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows any loopback origin when set to local, and no other', async () => {
    const local = await startTestApi(engine as (typeof engines)[number], { corsOrigins: 'local' });
    try {
      for (const origin of ['http://localhost:4010', 'http://127.0.0.1:5173']) {
        const answer = await preflight(local.server.baseUrl, origin);
        expect(answer.status).toBe(204);
        expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
      }
      const remote = await preflight(local.server.baseUrl, 'http://localhost.evil.example');
      expect(remote.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await local.close();
    }
  });

  it('answers OPTIONS on a known path with 204 and Allow when CORS is off', async () => {
    const closed = await startTestApi(engine as (typeof engines)[number], { corsOrigins: [] });
    try {
      const answer = await fetch(`${closed.server.baseUrl}/clients`, { method: 'OPTIONS' });
      expect(answer.status).toBe(204);
      expect(answer.headers.get('allow')).toBe('GET, HEAD, POST');
    } finally {
      await closed.close();
    }
  });
});
