// Input crafted to break the server answers a 4xx envelope on both engines, never a 5xx:
// NUL characters, huge versions, deep or non-finite metadata, compressed or mistyped bodies,
// broken percent-encoding; and idempotency keys past their day.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.ts';
import { ADMIN_KEY, startTestApi, type TestApi } from './support/api.ts';
import { engines } from './support/engines.ts';

/** The body of the update example of the public docs, sent as it is printed there. */
const PUBLIC_DOC_PATCH = {
  name: 'John Doe',
  status: true,
  domain: 'example_string',
  email: 'user@example.com',
  phone: '+1-555-0123',
  website: 'example_string',
  timezone: 'example_string',
  global_name: 'John Doe',
  company_id: 'example_string',
  agency_id: 'example_string',
  api_metadata: {},
  ghl_location_id: 'example_string',
  proxy_api_key: 'example_string',
};

/** A body with api_metadata `levels` objects deep, written out: JSON.stringify would overflow. */
function metadataBody(levels: number): string {
  return `{"api_metadata":${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}}`;
}

const fields = (answer: { body: { details?: Array<{ field: string }> } }) =>
  (answer.body.details ?? []).map((detail) => detail.field);

describe.each(engines)('hostile input on $name', (engine) => {
  let api: TestApi;
  let id: string;
  beforeAll(async () => {
    api = await startTestApi(engine);
    id = (await api.call('POST', '/clients', { body: { name: 'Target' } })).body.data.id;
  });
  afterAll(() => api.close());

  it.each([
    ['POST', '/clients', { name: 'a\u0000b' }, 'name'],
    ['PATCH', '/clients/target', { global_name: 'x\u0000' }, 'global_name'],
    ['PATCH', '/clients/target', { proxy_api_key: '\u0000' }, 'proxy_api_key'],
  ])('answers 400 to %s %s with NUL in %j', async (method, path, body, field) => {
    const answer = await api.call(method, path, { body });
    expect(answer.status).toBe(400);
    expect(answer.body.details).toContainEqual({
      field,
      message: `${field} must not contain the NUL character (U+0000)`,
    });
  });

  it.each([
    ['/clients?company_id=a%00b', 'company_id'],
    ['/clients?agency_id=%00', 'agency_id'],
    ['/clients/a%00b', 'id'],
    [`/clients?cursor=${Buffer.from('{"c":1,"i":"a\\u0000"}').toString('base64url')}`, 'cursor'],
  ])('answers 400 to GET %s naming %s', async (path, field) => {
    const answer = await api.call('GET', path);
    expect(answer.status).toBe(400);
    expect(fields(answer)).toEqual([field]);
  });

  it('answers 412 to an If-Match naming a version beyond any stored one', async () => {
    const answer = await api.call('PATCH', `/clients/${id}`, {
      body: { name: 'Never' },
      headers: { 'if-match': '"zzzzzzzz-1"' },
    });
    expect(answer.status).toBe(412);
  });

  it.each([5000, 33])('answers 400 on api_metadata %i levels deep', async (levels) => {
    const answer = await api.call('PATCH', `/clients/${id}`, { raw: metadataBody(levels) });
    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual([
      { field: 'api_metadata', message: 'api_metadata nests deeper than 32 levels' },
    ]);
  });

  it('accepts api_metadata 32 levels deep and rejects a number beyond JSON', async () => {
    const deep = await api.call('PATCH', `/clients/${id}`, { raw: metadataBody(32) });
    expect(deep.status).toBe(200);
    const infinite = await api.call('PATCH', `/clients/${id}`, {
      raw: '{"api_metadata": {"n": 1e400}}',
    });
    expect(infinite.status).toBe(400);
    expect(infinite.body.details).toEqual([
      {
        field: 'api_metadata',
        message: 'api_metadata holds a number JSON cannot represent (such as 1e400)',
      },
    ]);
  });

  it.each(['gzip', 'br', 'deflate', 'bogus'])(
    'answers 415 to a body with Content-Encoding %s',
    async (encoding) => {
      const answer = await api.call('POST', '/clients', {
        raw: 'not compressed at all',
        headers: { 'content-encoding': encoding },
      });
      expect(answer.status).toBe(415);
      expect(answer.body.message).toBe(
        `Content-Encoding ${encoding} is not accepted here; send the body uncompressed as ` +
          'application/json',
      );
    },
  );

  it.each([
    ['POST', '/clients', 'send application/json'],
    ['PATCH', '/clients/target', 'send application/json or application/merge-patch+json'],
  ])('names what %s %s accepts in a 415', async (method, path, accepted) => {
    const answer = await api.call(method, path, {
      raw: 'name=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(answer.status).toBe(415);
    expect(answer.body.message).toBe(`Content-Type text/plain is not accepted here; ${accepted}`);
  });

  it('answers 400 naming id for a path that is not valid percent-encoding', async () => {
    const answer = await api.call('GET', '/clients/%ZZ');
    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual([
      { field: 'id', message: 'id is not valid percent-encoding (such as %2D for -)' },
    ]);
  });

  it('lists every bad field of the public docs example body in one answer', async () => {
    const answer = await api.call('PATCH', `/clients/${id}`, { body: PUBLIC_DOC_PATCH });
    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual([
      {
        field: 'domain',
        message: 'domain must be a host name such as acme-retail.com, without scheme or path',
      },
      {
        field: 'website',
        message: 'website must be an http or https URL, such as https://acme-retail.com',
      },
      {
        field: 'timezone',
        message: 'example_string is not an IANA time zone; use a name such as America/Los_Angeles',
      },
    ]);
  });

  it('checks credentials before the body, and names the scheme', async () => {
    const answer = await api.call('POST', '/clients', {
      raw: '{"name": ',
      headers: { authorization: undefined },
    });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('derives an id from a name with marks by their base letters', async () => {
    const answer = await api.call('POST', '/clients', { body: { name: 'Café Ünïcode' } });
    expect(answer.body.data.id).toBe('cafe-unicode');
  });

  it('lets exactly one of two updates with the same If-Match write', async () => {
    const etag = (await api.call('GET', `/clients/${id}`)).headers.get('etag') ?? '';
    const [first, second] = await Promise.all(
      ['One', 'Two'].map((name) =>
        api.call('PATCH', `/clients/${id}`, { body: { name }, headers: { 'if-match': etag } }),
      ),
    );
    expect([first?.status, second?.status].sort()).toEqual([200, 412]);
  });

  describe('idempotency keys', () => {
    async function storeClaim(key: string, ageMs: number, status: number) {
      const { db } = openDatabase(api.databaseUrl, () => {});
      const createdAt = Date.now() - ageMs;
      const row = { scope: 'x', key, request_hash: 'x', status, created_at: createdAt };
      await db.insertInto('idempotency_keys').values(row).execute();
      await db.destroy();
    }

    async function claimExists(key: string) {
      const { db } = openDatabase(api.databaseUrl, () => {});
      const row = await db
        .selectFrom('idempotency_keys')
        .select('key')
        .where('key', '=', key)
        .executeTakeFirst();
      await db.destroy();
      return row !== undefined;
    }

    const create = (key: string) =>
      api.call('POST', '/clients', {
        body: { name: `Claimed ${key}` },
        headers: { 'idempotency-key': key },
      });

    it('purges keys older than a day as new keys are claimed', async () => {
      await storeClaim('expired', 25 * 60 * 60 * 1000, 201);
      expect((await create('fresh-key')).status).toBe(201);
      expect(await claimExists('expired')).toBe(false);
      expect(await claimExists('fresh-key')).toBe(true);
    });
  });

  it('uses the admin key given, whichever header carries it', async () => {
    const answer = await api.call('GET', '/clients', {
      headers: { authorization: 'Bearer junk', 'x-api-key': ADMIN_KEY },
    });
    expect(answer.status).toBe(200);
  });
});
