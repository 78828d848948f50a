// The static mock over real HTTP: every named scenario of the contract, credentials, CORS, and
// the bodies Prism cannot handle, each answer checked against the contract.
import { gzipSync } from 'node:zlib';
import { createMythicClient } from '@mythic-analytics/client';
import { checkResponse } from '@mythic-analytics/contract/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../src/front.ts';
import { type RunningMock, startMock } from '../src/index.ts';
import { listScenarios } from '../src/spec.ts';
import { answerOf, callOperation } from './calls.ts';

const ADMIN_KEY = 'mock-admin-key';
const FRONTEND = 'http://localhost:5173';
// A hang (Prism's answer to malformed JSON) must fail the test, not stall it.
const NO_HANG = () => AbortSignal.timeout(5_000);

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ port: 0 });
});
afterAll(() => mock?.close());

type Credentials = { adminKey: string } | { apiKey: string } | Record<string, never>;
const client = (credentials: Credentials = { adminKey: ADMIN_KEY }) =>
  createMythicClient({ baseUrl: mock.baseUrl, ...credentials });

async function rawRequest(path: string, init: RequestInit = {}) {
  const headers = { Authorization: `Bearer ${ADMIN_KEY}`, ...init.headers };
  const response = await fetch(`${mock.baseUrl}${path}`, { ...init, headers, signal: NO_HANG() });
  return { response, body: (await response.json()) as Record<string, unknown> };
}

/** A HEAD request, whose answer has no body to parse. */
function headRequest(path: string) {
  const headers = { Authorization: `Bearer ${ADMIN_KEY}` };
  return fetch(`${mock.baseUrl}${path}`, { method: 'HEAD', headers, signal: NO_HANG() });
}

describe('named scenarios', () => {
  const scenarios = listScenarios();

  it('covers every operation of the contract', () => {
    const operations = new Set(scenarios.map((scenario) => scenario.operationId));
    expect([...operations].sort()).toEqual(Object.keys(callOperation).sort());
  });

  it.each(scenarios.map((scenario) => [`${scenario.operationId} ${scenario.prefer}`, scenario]))(
    '%s answers its example',
    async (_, scenario) => {
      const call = callOperation[scenario.operationId as keyof typeof callOperation];
      const answer = answerOf(await call(client(), { Prefer: scenario.prefer }));

      expect(answer.status).toBe(scenario.status);
      expect(answer.body).toEqual(scenario.value);
      const { method, path } = scenario;
      expect(checkResponse({ method, path, ...answer })).toEqual([]);
    },
  );

  it('answers an unknown example name with a 404 envelope naming it', async () => {
    const result = await client().clients.get('acme-retail', {
      headers: { Prefer: 'example=noSuchExample' },
    });

    expect(result.response.status).toBe(404);
    expect(result.error).toMatchObject({ error: 'Not Found', code: 404 });
    expect(result.error?.message).toContain('noSuchExample');
  });
});

describe('Prefer that does not fit the operation', () => {
  it.each([
    ['get', '/clients/acme-retail', 'code=404, example=nope', 'getClient has no example nope'],
    ['get', '/clients/acme-retail', 'code=400, example=inactive', 'for status 400'],
    ['post', '/clients', 'code=201, example=firstPage', 'createClient has no example firstPage'],
  ])('%s %s with %s answers a 404 naming it', async (method, path, prefer, message) => {
    const { response, body } = await rawRequest(path, {
      method: method.toUpperCase(),
      headers: { Prefer: prefer, 'Content-Type': 'application/json' },
      ...(method === 'post' ? { body: JSON.stringify({ name: 'Acme Retail' }) } : {}),
    });

    expect(response.status).toBe(404);
    expect(body).toMatchObject({ error: 'Not Found', code: 404 });
    expect(body.message).toContain(message);
  });
});

describe('credentials', () => {
  it('answers 401 with the envelope without credentials', async () => {
    const result = await client({}).clients.get('acme-retail');

    expect(result.response.status).toBe(401);
    expect(result.error).toMatchObject({ error: 'Unauthorized', code: 401 });
    const answer = answerOf(result);
    expect(checkResponse({ method: 'get', path: '/clients/{id}', ...answer })).toEqual([]);
  });

  it.each([
    ['a malformed JSON body', 'application/json', '{bad'],
    ['a media type the operation does not take', 'text/plain', 'x'],
    ['a body over the limit', 'application/json', 'x'.repeat(MAX_BODY_BYTES + 1)],
  ])('answers 401 before judging %s, as the server does', async (_, contentType, body) => {
    const response = await fetch(`${mock.baseUrl}/clients`, {
      method: 'POST',
      headers: { 'Content-Type': contentType },
      body,
      signal: NO_HANG(),
    });

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'Unauthorized', code: 401 });
  });

  it('takes the admin key as X-API-Key too', async () => {
    const result = await client({ apiKey: ADMIN_KEY }).clients.list();

    expect(result.response.status).toBe(200);
    expect(checkResponse({ method: 'get', path: '/clients', ...answerOf(result) })).toEqual([]);
  });

  it('answers health without credentials', async () => {
    const result = await client({}).health();

    expect(result.response.status).toBe(200);
    expect(checkResponse({ method: 'get', path: '/health', ...answerOf(result) })).toEqual([]);
  });
});

describe('invalid requests', () => {
  it('answers a body that breaks the schema with 400 whose details name the fields', async () => {
    const result = await client().clients.create({ name: 'Acme', email: 'not-an-email' });

    expect(result.response.status).toBe(400);
    expect(result.error?.details).toEqual([{ field: 'email', message: expect.any(String) }]);
    expect(result.response.headers.get('sl-violations')).toContain('email');
    const answer = answerOf(result);
    expect(checkResponse({ method: 'post', path: '/clients', ...answer })).toEqual([]);
  });

  it('names each field the schema does not allow, read-only or unknown', async () => {
    const { response, body } = await rawRequest('/clients/acme-retail', {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: 'x', nickname: 'Acme' }),
    });

    expect(response.status).toBe(400);
    const fields = (body.details as Array<{ field: string }>).map((detail) => detail.field);
    expect(fields).toEqual(expect.arrayContaining(['id', 'nickname']));
    expect(fields).not.toContain('body');
  });

  it('answers a malformed JSON body with a 400 envelope instead of hanging', async () => {
    const { response, body } = await rawRequest('/clients', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"name": "Acme',
    });

    expect(response.status).toBe(400);
    expect(body).toEqual({
      error: 'Bad Request',
      message: 'The request body is not valid JSON',
      code: 400,
    });
  });

  it('answers a body over 1 MiB with a 413 envelope', async () => {
    const name = 'a'.repeat(MAX_BODY_BYTES);
    const { response, body } = await rawRequest('/clients', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name }),
    });

    expect(response.status).toBe(413);
    expect(body).toMatchObject({ error: 'Payload Too Large', code: 413 });
    expect(
      checkResponse({ method: 'post', path: '/clients', ...answerParts(response, body) }),
    ).toEqual([]);
  });
});

describe('request bodies, judged as the server judges them', () => {
  const json = Buffer.from(JSON.stringify({ name: 'Northwind Traders' }));
  const send = (headers: Record<string, string>, body: Buffer, path = '/clients') =>
    rawRequest(path, { method: path === '/clients' ? 'POST' : 'PATCH', headers, body });

  it.each([
    ['no Content-Type', {}, json, 415, 'A body without Content-Type is not accepted here'],
    [
      'a +json type the operation does not take',
      { 'Content-Type': 'application/vnd.foo+json' },
      json,
      415,
      'Content-Type application/vnd.foo+json is not accepted here; send application/json',
    ],
    [
      'text/plain, as the spec words it',
      { 'Content-Type': 'text/plain' },
      json,
      415,
      'Content-Type text/plain is not accepted here; send application/json',
    ],
    [
      'an encoding the server does not decode',
      { 'Content-Type': 'application/json', 'Content-Encoding': 'compress' },
      json,
      415,
      'Content-Encoding compress is not accepted here',
    ],
    [
      'a gzip body, as the server refuses it',
      { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
      gzipSync(json),
      415,
      'Content-Encoding gzip is not accepted here; send the body uncompressed as application/json',
    ],
  ])('refuses %s', async (_, headers: Record<string, string>, body, status, message) => {
    const { response, body: answer } = await send(headers, body);

    expect(response.status).toBe(status);
    expect(answer).toMatchObject({ code: status, message: expect.stringContaining(message) });
    const answerCheck = answerParts(response, answer);
    expect(checkResponse({ method: 'post', path: '/clients', ...answerCheck })).toEqual([]);
  });

  it.each(['null', '[]', '"rotate"'])('refuses %s as a body: it is not an object', async (json) => {
    const headers = { 'Content-Type': 'application/json' };
    const path = '/clients/acme-retail/rotate-keys';
    const { response, body } = await rawRequest(path, { method: 'POST', headers, body: json });

    expect(response.status).toBe(400);
    expect(body).toMatchObject({ code: 400, details: [{ field: 'body' }] });
    const answer = answerParts(response, body);
    expect(checkResponse({ method: 'post', path: '/clients/{id}/rotate-keys', ...answer })).toEqual(
      [],
    );
  });

  it('refuses a malformed JSON body on PATCH too', async () => {
    const headers = { 'Content-Type': 'application/json' };
    const { response, body } = await send(headers, Buffer.from('{timezone: x}'), '/clients/acme');

    expect(response.status).toBe(400);
    expect(body).toMatchObject({ message: 'The request body is not valid JSON', code: 400 });
  });
});

function scenarioValue(operationId: string, example: string): unknown {
  const found = listScenarios().find(
    (scenario) => scenario.operationId === operationId && scenario.example === example,
  );
  return found?.value;
}

function answerParts(response: Response, body: unknown) {
  return { status: response.status, contentType: response.headers.get('content-type'), body };
}

describe('routes', () => {
  it('answers a path outside the contract with a 404 envelope', async () => {
    const { response, body } = await rawRequest('/no-such-path');

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(body).toEqual({
      error: 'Not Found',
      message: 'No route matches GET /api/v1/no-such-path',
      code: 404,
    });
  });

  it('answers a path outside the base path with a 404 envelope', async () => {
    const response = await fetch(`${mock.origin}/clients`, { signal: NO_HANG() });

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'Not Found', code: 404 });
  });

  it('answers a method the path lacks with a 405 envelope and Allow', async () => {
    const { response, body } = await rawRequest('/clients/acme-retail', { method: 'PUT' });

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD, PATCH, DELETE');
    expect(body).toEqual({
      error: 'Method Not Allowed',
      message: 'PUT is not allowed on /clients/{id}; allowed methods are GET, HEAD, PATCH, DELETE',
      code: 405,
    });
  });
});

describe('paths and methods, as the server treats them', () => {
  it('answers an id that does not decode with a 400 naming it, and keeps answering', async () => {
    const { response, body } = await rawRequest('/clients/%zz');

    expect(response.status).toBe(400);
    expect(body).toMatchObject({ code: 400, details: [{ field: 'id' }] });
    const answer = answerParts(response, body);
    expect(checkResponse({ method: 'get', path: '/clients/{id}', ...answer })).toEqual([]);
    expect((await client().clients.get('acme-retail')).response.status).toBe(200);
  });

  it('names the path when the segment that does not decode is not a parameter', async () => {
    const { response, body } = await rawRequest('/cli%E0%A4ents');

    expect(response.status).toBe(400);
    expect(body).toMatchObject({ details: [{ field: 'path' }] });
  });

  it('treats a trailing slash as the same path', async () => {
    const list = await rawRequest('/clients/');
    const put = await rawRequest('/clients/', { method: 'PUT' });

    expect(list.response.status).toBe(200);
    expect(
      checkResponse({ method: 'get', path: '/clients', ...answerParts(list.response, list.body) }),
    ).toEqual([]);
    expect(put.response.status).toBe(405);
    expect(put.response.headers.get('allow')).toBe('GET, HEAD, POST');
    const message = 'PUT is not allowed on /clients; allowed methods are GET, HEAD, POST';
    expect(put.body.message).toBe(message);
  });

  it('answers HEAD as GET without the body', async () => {
    const response = await headRequest('/clients');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.text()).toBe('');
  });

  it('answers HEAD on a path without GET with 405 naming HEAD', async () => {
    const response = await headRequest('/clients/acme-retail/rotate-keys');

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});

describe('pages and scenarios', () => {
  it('answers a request that follows a cursor with the empty last page', async () => {
    const first = await client().clients.list();
    const cursor = first.data?.pagination.next_cursor;
    expect(cursor).toEqual(expect.any(String));

    const next = await client().clients.list({ cursor: cursor ?? undefined });

    expect(next.data).toEqual(scenarioValue('listClients', 'emptyPage'));
  });

  it('lets Prefer choose the page even with a cursor', async () => {
    const { data } = await client().clients.list(
      { cursor: 'eyJpZCI6ImFjbWUifQ' },
      { headers: { Prefer: 'example=firstPage' } },
    );

    expect(data).toEqual(scenarioValue('listClients', 'firstPage'));
  });

  it('ends a walk over every client on the static mock', async () => {
    const ids = [];
    for await (const listed of client().listAll()) ids.push(listed.id);

    const firstPage = scenarioValue('listClients', 'firstPage') as { data: { id: string }[] };
    expect(ids).toEqual(firstPage.data.map((listed) => listed.id));
  });

  it('names the fields the request got wrong, whatever example Prefer names', async () => {
    const { response, body } = await rawRequest('/clients/acme-retail', {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', Prefer: 'example=acmeRetail' },
      body: JSON.stringify({ status: 'yes' }),
    });

    expect(response.status).toBe(400);
    expect(body.details).toEqual([{ field: 'status', message: expect.any(String) }]);
  });
});

describe('CORS and request ids', () => {
  it('answers a preflight with the headers a frontend sends', async () => {
    const response = await fetch(`${mock.baseUrl}/clients/acme-retail`, {
      method: 'OPTIONS',
      headers: {
        Origin: FRONTEND,
        'Access-Control-Request-Method': 'PATCH',
        'Access-Control-Request-Headers': 'authorization,content-type,prefer,if-match',
      },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(FRONTEND);
    // Keys travel in headers: like the server, the mock does not allow credentials.
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(response.headers.get('access-control-allow-methods')).toContain('PATCH');
    const allowed = response.headers.get('access-control-allow-headers')?.toLowerCase() ?? '';
    for (const header of ['authorization', 'x-api-key', 'content-type', 'prefer', 'if-match']) {
      expect(allowed).toContain(header);
    }
    for (const header of ['idempotency-key', 'x-request-id']) expect(allowed).toContain(header);
  });

  it('lets a frontend read ETag and X-Request-Id, and echoes the request id', async () => {
    const result = await client().clients.get('acme-retail', {
      headers: { Origin: FRONTEND, 'X-Request-Id': 'trace-42' },
    });

    const headers = result.response.headers;
    expect(headers.get('access-control-allow-origin')).toBe(FRONTEND);
    expect(headers.get('access-control-allow-credentials')).toBeNull();
    const exposed = headers.get('access-control-expose-headers') ?? '';
    for (const header of ['ETag', 'Retry-After', 'X-Request-Id']) expect(exposed).toContain(header);
    expect(headers.get('x-request-id')).toBe('trace-42');
    expect(headers.get('etag')).toBeTruthy();
  });
});
