// The corners where Express or the validator would answer on their own: every answer there must
// still be one the spec declares for the operation (the test helper checks each against it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/api.ts';
import { engines } from './support/engines.ts';

describe.each(engines)('declared statuses on $name', (engine) => {
  let api: TestApi;
  let etag: string;
  beforeAll(async () => {
    api = await startTestApi(engine);
    const created = await api.call('POST', '/clients', { body: { name: 'Conditional' } });
    etag = created.headers.get('etag') ?? '';
  });
  afterAll(() => api.close());

  it('answers an unknown query parameter of health with the declared 400', async () => {
    const answer = await api.call('GET', '/health?x=1');
    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual([{ field: 'x', message: "Unknown query parameter 'x'" }]);
  });

  // fetch adds `Cache-Control: no-cache` to a request with If-None-Match unless it has a
  // Cache-Control already, and no-cache asks for the full answer; a cache revalidating sends none.
  const REVALIDATE = { 'cache-control': 'max-age=0' };

  describe('Get client under If-None-Match', () => {
    it.each([
      ['the current ETag', 304, () => etag],
      ['the current ETag, weak', 304, () => `W/${etag}`],
      ['a list holding the current ETag', 304, () => `"0-0", ${etag}`],
      ['*', 304, () => '*'],
      ['another ETag', 200, () => '"0-0"'],
    ])('naming %s answers %i', async (_, status, ifNoneMatch) => {
      const answer = await api.call('GET', '/clients/conditional', {
        headers: { ...REVALIDATE, 'if-none-match': ifNoneMatch() },
      });
      expect(answer.status).toBe(status);
      expect(answer.headers.get('etag')).toBe(etag);
      if (status === 304) {
        expect(answer.body).toBe('');
        expect(answer.headers.get('content-type')).toBeNull();
      }
    });

    it('answers 200 when the request asks for no cached copy', async () => {
      const answer = await api.call('GET', '/clients/conditional', {
        headers: { 'if-none-match': etag, 'cache-control': 'no-cache' },
      });
      expect(answer.status).toBe(200);
    });
  });

  // Health and List client declare no 304 and send no ETag; Express would still turn a 200 into
  // a 304 for `If-None-Match: *`.
  it.each([
    ['/health', { 'if-none-match': '*' }],
    ['/clients', { 'if-none-match': '*' }],
    ['/clients', { 'if-modified-since': new Date(Date.now() + 60_000).toUTCString() }],
  ])('answers GET %s with %j in full', async (path, conditions) => {
    const answer = await api.call('GET', path, { headers: { ...REVALIDATE, ...conditions } });
    expect(answer.status).toBe(200);
  });
});
