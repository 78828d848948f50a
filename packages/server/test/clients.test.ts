// Every operation of the Clients tag over real HTTP, on SQLite and on PostgreSQL.
import type { Client, ClientPatch } from '@mythic-analytics/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/api.ts';
import { engines } from './support/engines.ts';

/** The body of the update example of the public docs, with values that pass the field rules. */
const EVERY_FIELD_PATCH: ClientPatch = {
  name: 'John Doe',
  status: true,
  domain: 'acme-retail.com',
  email: 'user@example.com',
  phone: '+1-555-0123',
  website: 'https://acme-retail.com',
  timezone: 'America/Los_Angeles',
  global_name: 'John Doe',
  company_id: 'cmp_7kH3nPqR',
  agency_id: 'agy_2Rm8VxQ4',
  api_metadata: {},
  ghl_location_id: 'loc_9XbT4kWq2Lz',
  proxy_api_key: 'prx_6Jd2Qw8Zr4Tn1Vb7',
};

describe.each(engines)('clients on $name', (engine) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(engine);
  });
  afterAll(() => api.close());

  async function create(body: Record<string, unknown>) {
    const answer = await api.call<{ data: Client }>('POST', '/clients', { body });
    expect(answer.status).toBe(201);
    return answer.body.data;
  }

  describe('create', () => {
    it('derives the id from the name, then numbers it', async () => {
      const first = await create({ name: 'Northwind Traders' });
      const second = await create({ name: 'Northwind  Traders!' });
      expect(first.id).toBe('northwind-traders');
      expect(second.id).toBe('northwind-traders-2');
    });

    it('numbers ids derived from a name too long to take a suffix whole', async () => {
      const name = `${'Long '.repeat(50)}Names`;
      expect(name).toHaveLength(255);
      const ids = [];
      for (let n = 0; n < 4; n++) ids.push((await create({ name })).id);
      const base = 'long-'.repeat(50).concat('names');
      expect(ids).toEqual([
        base,
        `${base.slice(0, 253)}-2`,
        `${base.slice(0, 253)}-3`,
        `${base.slice(0, 253)}-4`,
      ]);
    });

    it('issues keys and fills the defaults', async () => {
      const client = await create({ name: 'Defaults Inc' });
      expect(client.publishable_key).toMatch(/^pk_[0-9a-f]{32}$/);
      expect(client.secret_key).toMatch(/^sk_[0-9a-f]{32}$/);
      expect(client).toMatchObject({
        status: true,
        timezone: 'UTC',
        api_metadata: {},
        email: null,
      });
      expect(client.updated_at).toBe(client.created_at);
    });

    it('gives a random id to a name with no letter or digit', async () => {
      const client = await create({ name: '¡¿!' });
      expect(client.id).toMatch(/^client-[0-9a-f]{12}$/);
    });

    it('keeps an explicit id and every field, and answers 409 when the id is taken', async () => {
      const body = { ...EVERY_FIELD_PATCH, id: 'explicit_ID-1', name: 'Explicit' };
      const client = await create(body);
      expect(client).toMatchObject(body);

      const again = await api.call('POST', '/clients', {
        body: { id: 'explicit_ID-1', name: 'X' },
      });
      expect(again.status).toBe(409);
      expect(again.body.details).toEqual([
        { field: 'id', message: 'explicit_ID-1 is already taken' },
      ]);
    });

    it('sends an ETag that a GET repeats', async () => {
      const created = await api.call('POST', '/clients', { body: { name: 'Tagged' } });
      const read = await api.call('GET', `/clients/${created.body.data.id}`);
      expect(created.headers.get('etag')).toMatch(/^"[^"]+"$/);
      expect(read.headers.get('etag')).toBe(created.headers.get('etag'));
    });
  });

  describe('idempotent create', () => {
    it('answers a retry with the first answer and creates one client', async () => {
      const headers = { 'idempotency-key': `retry-${engine.name}` };
      const body = { name: 'Retried Co', status: false };
      const first = await api.call('POST', '/clients', { body, headers });
      // The same body with its keys in another order is the same request.
      const retry = await api.call('POST', '/clients', {
        body: { status: false, name: 'Retried Co' },
        headers,
      });
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.get('etag')).toBe(first.headers.get('etag'));

      const list = await api.call('GET', '/clients?limit=100');
      const named = list.body.data.filter((client: Client) => client.name === 'Retried Co');
      expect(named).toHaveLength(1);
    });

    it('rejects the same key with another body', async () => {
      const headers = { 'idempotency-key': `other-${engine.name}` };
      await api.call('POST', '/clients', { body: { name: 'First Body' }, headers });
      const other = await api.call('POST', '/clients', { body: { name: 'Second Body' }, headers });
      expect(other.status).toBe(409);
      expect(other.body.details).toEqual([
        { field: 'Idempotency-Key', message: 'Use a new key for a different request' },
      ]);
    });

    it('creates one client when the same request races itself', async () => {
      const headers = { 'idempotency-key': `race-${engine.name}` };
      const body = { name: 'Racing Retries' };
      const answers = await Promise.all(
        [1, 2, 3].map(() => api.call('POST', '/clients', { body, headers })),
      );
      // The claim and the insert share a transaction: the later requests wait for the first
      // and replay its answer.
      expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);
      expect(new Set(answers.map((answer) => answer.body.data.id)).size).toBe(1);
    });
  });

  describe('get', () => {
    it('answers 404 with the envelope for an unknown client', async () => {
      const answer = await api.call('GET', '/clients/nobody-here');
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({
        error: 'Not Found',
        message: 'The requested resource was not found',
        code: 404,
      });
    });
  });

  describe('update', () => {
    it('applies the body of the public example and answers the client', async () => {
      const client = await create({ name: 'Acme Retail' });
      const answer = await api.call('PATCH', `/clients/${client.id}`, { body: EVERY_FIELD_PATCH });
      expect(answer.status).toBe(200);
      expect(answer.body.success).toBe(true);
      expect(answer.body.data).toMatchObject({ ...EVERY_FIELD_PATCH, id: client.id });
      expect(answer.body.data.secret_key).toBe(client.secret_key);
      expect(answer.body.data.created_at).toBe(client.created_at);
      expect(answer.body.data.updated_at > client.updated_at).toBe(true);
      expect(answer.headers.get('etag')).toMatch(/^"[^"]+"$/);
    });

    it('accepts a JSON Merge Patch', async () => {
      const client = await create({ name: 'Merge Patched' });
      const answer = await api.call('PATCH', `/clients/${client.id}`, {
        body: { timezone: 'Europe/Berlin' },
        headers: { 'content-type': 'application/merge-patch+json' },
      });
      expect(answer.status).toBe(200);
      expect(answer.body.data.timezone).toBe('Europe/Berlin');
    });

    it('clears optional fields with null and keeps the others', async () => {
      const client = await create({ ...EVERY_FIELD_PATCH, name: 'To Clear' });
      const cleared = Object.fromEntries(
        [
          'domain',
          'email',
          'phone',
          'website',
          'global_name',
          'company_id',
          'agency_id',
          'ghl_location_id',
          'proxy_api_key',
        ].map((field) => [field, null]),
      );
      const answer = await api.call('PATCH', `/clients/${client.id}`, { body: cleared });
      expect(answer.status).toBe(200);
      expect(answer.body.data).toMatchObject({
        ...cleared,
        name: 'To Clear',
        timezone: client.timezone,
      });
    });

    it('moves updated_at forward on every change', async () => {
      const client = await create({ name: 'Busy Client' });
      let previous = client.updated_at;
      for (const name of ['One', 'Two', 'Three']) {
        const answer = await api.call('PATCH', `/clients/${client.id}`, { body: { name } });
        expect(answer.body.data.updated_at > previous).toBe(true);
        previous = answer.body.data.updated_at;
      }
    });

    it('keeps both of two concurrent updates of different fields', async () => {
      const client = await create({ name: 'Concurrent' });
      for (let round = 0; round < 10; round++) {
        const [a, b] = await Promise.all([
          api.call('PATCH', `/clients/${client.id}`, { body: { company_id: `cmp_${round}` } }),
          api.call('PATCH', `/clients/${client.id}`, { body: { agency_id: `agy_${round}` } }),
        ]);
        expect([a.status, b.status]).toEqual([200, 200]);
        // A write that put back the whole row would have undone the other field of this round.
        const read = await api.call('GET', `/clients/${client.id}`);
        expect(read.body.data).toMatchObject({
          company_id: `cmp_${round}`,
          agency_id: `agy_${round}`,
        });
      }
    });

    it('writes with the current If-Match; a stale one answers 412, changing nothing', async () => {
      const client = await create({ name: 'Guarded' });
      const read = await api.call('GET', `/clients/${client.id}`);
      const etag = read.headers.get('etag') ?? '';

      const first = await api.call('PATCH', `/clients/${client.id}`, {
        body: { name: 'Guarded v2' },
        headers: { 'if-match': etag },
      });
      expect(first.status).toBe(200);
      expect(first.headers.get('etag')).not.toBe(etag);

      const stale = await api.call('PATCH', `/clients/${client.id}`, {
        body: { name: 'Lost Update' },
        headers: { 'if-match': etag },
      });
      expect(stale.status).toBe(412);
      expect(stale.body.details).toEqual([
        { field: 'If-Match', message: 'Does not match the current ETag' },
      ]);
      const after = await api.call('GET', `/clients/${client.id}`);
      expect(after.body.data).toEqual(first.body.data);
      expect(after.headers.get('etag')).toBe(first.headers.get('etag'));
    });

    it('treats If-Match: * as any version and a weak tag as none', async () => {
      const client = await create({ name: 'Star Match' });
      const star = await api.call('PATCH', `/clients/${client.id}`, {
        body: { name: 'Star' },
        headers: { 'if-match': '*' },
      });
      expect(star.status).toBe(200);
      const weak = await api.call('PATCH', `/clients/${client.id}`, {
        body: { name: 'Weak' },
        headers: { 'if-match': `W/${star.headers.get('etag')}` },
      });
      expect(weak.status).toBe(412);
    });

    it('answers 404 for an unknown client', async () => {
      const answer = await api.call('PATCH', '/clients/nobody-here', { body: { name: 'X' } });
      expect(answer.status).toBe(404);
    });
  });

  describe('delete', () => {
    it('deletes once, honours If-Match, then answers 404', async () => {
      const client = await create({ name: 'Doomed' });
      const stale = await api.call('DELETE', `/clients/${client.id}`, {
        headers: { 'if-match': '"0-0"' },
      });
      expect(stale.status).toBe(412);
      expect((await api.call('GET', `/clients/${client.id}`)).status).toBe(200);

      const etag = (await api.call('GET', `/clients/${client.id}`)).headers.get('etag') ?? '';
      const deleted = await api.call('DELETE', `/clients/${client.id}`, {
        headers: { 'if-match': etag },
      });
      expect(deleted.body).toEqual({ success: true, data: { id: client.id, deleted: true } });
      expect((await api.call('GET', `/clients/${client.id}`)).status).toBe(404);
      expect((await api.call('DELETE', `/clients/${client.id}`)).status).toBe(404);
    });
  });

  describe('rotate keys', () => {
    it.each([
      { given: undefined, publishable: false, secret: true },
      { given: {}, publishable: false, secret: true },
      { given: { keys: 'secret' }, publishable: false, secret: true },
      { given: { keys: 'publishable' }, publishable: true, secret: false },
      { given: { keys: 'both' }, publishable: true, secret: true },
    ])('body $given renews publishable: $publishable, secret: $secret', async (row) => {
      const client = await create({ name: 'Rotating' });
      const answer = await api.call('POST', `/clients/${client.id}/rotate-keys`, {
        body: row.given,
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('etag')).toMatch(/^"[^"]+"$/);
      const rotated: Client = answer.body.data;
      expect(rotated.publishable_key !== client.publishable_key).toBe(row.publishable);
      expect(rotated.secret_key !== client.secret_key).toBe(row.secret);
      expect(rotated.publishable_key).toMatch(/^pk_[0-9a-f]{32}$/);
      expect(rotated.secret_key).toMatch(/^sk_[0-9a-f]{32}$/);
    });

    it('answers 404 for an unknown client', async () => {
      const answer = await api.call('POST', '/clients/nobody-here/rotate-keys');
      expect(answer.status).toBe(404);
    });

    it('rotates with the current If-Match; a stale one answers 412, issuing nothing', async () => {
      const client = await create({ name: 'Guarded Keys' });
      const etag = (await api.call('GET', `/clients/${client.id}`)).headers.get('etag') ?? '';
      const rotate = (ifMatch: string) =>
        api.call('POST', `/clients/${client.id}/rotate-keys`, { headers: { 'if-match': ifMatch } });

      const first = await rotate(etag);
      expect(first.status).toBe(200);
      expect(first.body.data.secret_key).not.toBe(client.secret_key);

      const stale = await rotate(etag);
      expect(stale.status).toBe(412);
      expect(stale.body.details).toEqual([
        { field: 'If-Match', message: 'Does not match the current ETag' },
      ]);
      const after = await api.call('GET', `/clients/${client.id}`);
      expect(after.body.data).toEqual(first.body.data);
      expect((await rotate('*')).status).toBe(200);
    });

    it('lets one of three rotations under the same If-Match win', async () => {
      const client = await create({ name: 'Racing Keys' });
      const etag = (await api.call('GET', `/clients/${client.id}`)).headers.get('etag') ?? '';
      const answers = await Promise.all(
        [1, 2, 3].map(() =>
          api.call('POST', `/clients/${client.id}/rotate-keys`, { headers: { 'if-match': etag } }),
        ),
      );
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 412, 412]);
      const winner = answers.find((answer) => answer.status === 200);
      const after = await api.call('GET', `/clients/${client.id}`);
      expect(after.body.data.secret_key).toBe(winner?.body.data.secret_key);
    });

    it('names the rotate-keys request, not a client, for an unknown field', async () => {
      const client = await create({ name: 'Odd Body' });
      const answer = await api.call('POST', `/clients/${client.id}/rotate-keys`, {
        body: { foo: 1 },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.details).toEqual([
        { field: 'foo', message: 'foo is not a field of the rotate-keys request' },
      ]);
    });
  });
});
