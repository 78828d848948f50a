// Operations the spec gives no request body (health, list, read, delete) never read one: a body
// sent to them is ignored, and one in an encoding other than identity answers 415 like any other.
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, startTestApi, type TestApi } from './support/api.ts';
import { engines } from './support/engines.ts';

interface RawAnswer {
  status: number;
  body: string;
}

/** A request with a body whatever its method, which fetch does not send for GET. */
function send(url: string, method: string, body: Buffer, encoding?: string): Promise<RawAnswer> {
  const headers: http.OutgoingHttpHeaders = {
    authorization: `Bearer ${ADMIN_KEY}`,
    'content-type': 'application/json',
    'content-length': body.length,
    ...(encoding === undefined ? {} : { 'content-encoding': encoding }),
  };
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers }, (response) => {
      let text = '';
      response.on('data', (chunk) => {
        text += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

const JSON_BODY = Buffer.from('{"name":"ignored"}');
const BODIES: Array<[string, Buffer, string | undefined]> = [
  ['bogus encoding', JSON_BODY, 'bogus'],
  ['broken gzip', Buffer.from('not gzip at all'), 'gzip'],
  ['valid gzip', gzipSync(JSON_BODY), 'gzip'],
];

describe.each(engines)('operations without a request body on $name', (engine) => {
  let api: TestApi;
  const operations: Array<[string, string]> = [
    ['GET', '/health'],
    ['GET', '/clients'],
    ['GET', '/clients/bodiless'],
    ['DELETE', '/clients/bodiless'],
  ];
  beforeAll(async () => {
    api = await startTestApi(engine);
    await api.call('POST', '/clients', { body: { name: 'Bodiless' } });
  });
  afterAll(() => api.close());

  describe.each(operations)('%s %s', (method, path) => {
    it.each(BODIES)('answers 415 to a body with %s', async (_, body, encoding) => {
      const answer = await send(api.server.baseUrl + path, method, body, encoding);
      expect(answer.status).toBe(415);
      expect(JSON.parse(answer.body)).toEqual({
        error: 'Unsupported Media Type',
        message: `Content-Encoding ${encoding} is not accepted here; this operation takes no body`,
        code: 415,
      });
    });
  });

  it.each([
    ['GET', '/health', 200],
    ['GET', '/clients', 200],
    ['GET', '/clients/bodiless', 200],
    ['DELETE', '/clients/bodiless', 200],
  ])('ignores an uncompressed body sent to %s %s', async (method, path, status) => {
    const broken = Buffer.from('{ not json');
    expect((await send(api.server.baseUrl + path, method, broken)).status).toBe(status);
  });
});
