// A body is UTF-8 JSON holding Unicode text: a body in another charset answers 415, one with bytes
// that are not UTF-8 or a string with a lone surrogate answers 400, on both engines, and nothing
// of it is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, startTestApi, type TestApi } from './support/api.ts';
import { engines } from './support/engines.ts';

const NOT_UTF8 = 'The request body is not valid UTF-8; send the JSON text encoded as UTF-8';
const UTF8_ONLY = 'The body is accepted in the UTF-8 charset only; send it as UTF-8';

describe.each(engines)('body text on $name', (engine) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(engine);
    await api.call('POST', '/clients', { body: { name: 'Target', api_metadata: { a: 'b' } } });
  });
  afterAll(() => api.close());

  /** Every client's name and metadata, to show that a refused request wrote nothing. */
  async function stored() {
    const answer = await api.call('GET', '/clients?limit=100');
    return answer.body.data.map((client: { name: string; api_metadata: unknown }) => [
      client.name,
      client.api_metadata,
    ]);
  }

  function send(method: string, path: string, body: Buffer, contentType = 'application/json') {
    return fetch(`${api.server.baseUrl}${path}`, {
      method,
      headers: { ...AUTH, 'content-type': contentType },
      body,
    });
  }

  it.each([
    ['POST', '/clients', Buffer.from([...Buffer.from('{"name":"'), 0xff, 0xfe, 0x22, 0x7d])],
    ['PATCH', '/clients/target', Buffer.from([...Buffer.from('{"name":"a'), 0xc3, 0x22, 0x7d])],
    // An overlong encoding of "/" that a lenient decoder would read as the character itself.
    ['POST', '/clients', Buffer.from([...Buffer.from('{"name":"'), 0xc0, 0xaf, 0x22, 0x7d])],
  ])('answers 400 to %s %s with bytes that are not UTF-8', async (method, path, body) => {
    const before = await stored();
    const answer = await send(method, path, body);
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({ error: 'Bad Request', message: NOT_UTF8, code: 400 });
    expect(await stored()).toEqual(before);
  });

  it.each([
    ['POST', '/clients', '{"name":"\\ud800"}', ['name']],
    ['POST', '/clients', '{"name":"ok \\udc00 \\ud83d"}', ['name']],
    ['PATCH', '/clients/target', '{"api_metadata":{"deep":["x","\\udfff"]}}', ['api_metadata']],
    ['PATCH', '/clients/target', '{"api_metadata":{"\\ud800":1}}', ['api_metadata']],
    // A field name that is not text cannot name itself: the detail names the body.
    ['PATCH', '/clients/target', '{"\\ud800":1,"global_name":"\\ud800"}', ['body', 'global_name']],
  ])('answers 400 to %s %s %s naming each field', async (method, path, raw, named) => {
    const before = await stored();
    const answer = await api.call(method, path, { raw });
    expect(answer.status).toBe(400);
    expect(answer.body.details.map((detail: { field: string }) => detail.field)).toEqual(named);
    expect(answer.body.details[0].message).toMatch(/lone surrogate/);
    expect(await stored()).toEqual(before);
  });

  it('accepts escaped surrogate pairs as the character they encode', async () => {
    const answer = await api.call('POST', '/clients', { raw: '{"name":"Smile \\ud83d\\ude00"}' });
    expect(answer.status).toBe(201);
    expect(answer.body.data.name).toBe('Smile \u{1f600}');
  });

  it.each(['utf-16', 'UTF-16LE', 'latin1', 'iso-8859-1', 'utf8', 'us-ascii', 'utf-bogus'])(
    'answers 415 to a body in charset %s',
    async (charset) => {
      const answer = await send(
        'POST',
        '/clients',
        Buffer.from('{"name":"Charset"}'),
        `application/json; charset=${charset}`,
      );
      expect(answer.status).toBe(415);
      expect(await answer.json()).toEqual({
        error: 'Unsupported Media Type',
        message: UTF8_ONLY,
        code: 415,
      });
    },
  );

  it.each(['utf-8', 'UTF-8', '"utf-8"'])('accepts a body in charset %s', async (charset) => {
    const answer = await send(
      'PATCH',
      '/clients/target',
      Buffer.from('{"global_name":"Café"}'),
      `application/merge-patch+json; charset=${charset}`,
    );
    expect(answer.status).toBe(200);
  });
});
