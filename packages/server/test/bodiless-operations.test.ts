// Operations the spec gives no request body (health, list, read, delete) never read one: a body
// sent to them is ignored whatever its encoding or media type, and they answer as without it.
import http from 'node:http';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { checkResponse } from '@mythic-analytics/contract/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, startTestApi, type TestApi } from './support/api.ts';
import { engines } from './support/engines.ts';

interface RawAnswer {
  status: number;
  contentType: string | undefined;
  body: string;
}

interface Sent {
  body: Buffer;
  encoding?: string;
  mediaType?: string;
}

/** A request with a body whatever its method, which fetch does not send for GET. */
function send(url: string, method: string, { body, encoding, mediaType }: Sent) {
  const headers: http.OutgoingHttpHeaders = {
    authorization: `Bearer ${ADMIN_KEY}`,
    'content-type': mediaType ?? 'application/json',
    'content-length': body.length,
    ...(encoding === undefined ? {} : { 'content-encoding': encoding }),
  };
  return new Promise<RawAnswer>((resolve, reject) => {
    const request = http.request(url, { method, headers }, (response) => {
      let text = '';
      response.on('data', (chunk) => {
        text += chunk;
      });
      response.on('end', () => {
        const contentType = response.headers['content-type'];
        resolve({ status: response.statusCode ?? 0, contentType, body: text });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

const JSON_BODY = Buffer.from('{"name":"ignored"}');
const BODIES: Array<[string, Sent]> = [
  ['in a bogus encoding', { body: JSON_BODY, encoding: 'bogus' }],
  ['in broken gzip', { body: Buffer.from('not gzip at all'), encoding: 'gzip' }],
  ['in valid gzip', { body: gzipSync(JSON_BODY), encoding: 'gzip' }],
  ['in brotli', { body: brotliCompressSync(JSON_BODY), encoding: 'br' }],
  ['that is not JSON', { body: Buffer.from('{ not json') }],
  ['of another media type', { body: Buffer.from('plain'), mediaType: 'text/plain' }],
];

describe.each(engines)('operations without a request body on $name', (engine) => {
  let api: TestApi;
  const operations: Array<[string, string, string]> = [
    ['GET', '/health', '/health'],
    ['GET', '/clients', '/clients'],
    ['GET', '/clients/bodiless', '/clients/{id}'],
    ['DELETE', '/clients/bodiless', '/clients/{id}'],
  ];
  beforeAll(async () => {
    api = await startTestApi(engine);
  });
  afterAll(() => api.close());

  describe.each(operations)('%s %s', (method, path, template) => {
    it.each(BODIES)('ignores a body %s', async (_, sent) => {
      // Made again after each DELETE; 409 while it is there.
      await api.call('POST', '/clients', { body: { id: 'bodiless', name: 'Bodiless' } });

      const { status, contentType, body } = await send(api.server.baseUrl + path, method, sent);
      expect(status).toBe(200);
      const answer = { method: method.toLowerCase(), path: template, status, contentType };
      expect(checkResponse({ ...answer, body: JSON.parse(body) })).toEqual([]);
    });
  });
});
