// The timeout layer against a real HTTP server on a real port: the answer comes back as fetch
// gave it (url, redirected, bodiless statuses), and a body that stalls still times out.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMythicClient } from '../src/index.ts';

const health = JSON.stringify({ success: true, data: { status: 'ok' } });
let server: Server;
let baseUrl: string;

/** `/health` answers, `/old/health` redirects to it, `/clients/<status>` answers that status. */
function answer(path: string, response: ServerResponse) {
  const status = Number(path.split('/').pop());
  if (path === '/api/v1/health') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(health);
  } else if (path === '/old/api/v1/health') {
    response.writeHead(308, { location: '/api/v1/health' }).end();
  } else if (path === '/api/v1/clients/stall') {
    // Headers and the first bytes, then nothing: the body never ends.
    response.writeHead(200, { 'content-type': 'application/json' }).write('{"success":');
  } else {
    response.writeHead(Number.isInteger(status) ? status : 404, { etag: '"1"' }).end();
  }
}

beforeAll(async () => {
  server = createServer((request, response) => {
    answer(request.url ?? '/', response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('the timeout layer', () => {
  const within = (url: string) => createMythicClient({ baseUrl: url, timeoutMs: 5_000 });

  it('keeps the url and redirected flag of a redirected answer', async () => {
    const { data, response } = await within(baseUrl.replace('/api/v1', '/old/api/v1')).health();
    expect(data?.data.status).toBe('ok');
    expect(response.redirected).toBe(true);
    expect(response.url).toBe(`${baseUrl}/health`);
  });

  it.each([204, 205, 304])('returns a %i answer, which has no body', async (status) => {
    const { response } = await within(baseUrl).clients.get(String(status));
    expect(response.status).toBe(status);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(response.url).toBe(`${baseUrl}/clients/${status}`);
  });

  it('times out a body that stops arriving', async () => {
    const mythic = createMythicClient({ baseUrl, timeoutMs: 200 });
    await expect(mythic.clients.get('stall')).rejects.toMatchObject({
      name: 'MythicNetworkError',
      failure: 'timeout',
    });
  });
});
