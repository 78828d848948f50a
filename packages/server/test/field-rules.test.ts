// The rule of each writable field, as a table of given/want, checked through Update client on
// both engines; a rejected update must leave the client as it was.
import type { Client } from '@mythic-analytics/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/api.ts';
import { engines } from './support/engines.ts';

const ACCEPTED: Array<[string, unknown]> = [
  ['name', 'Acme Retail'],
  ['name', 'x'.repeat(255)],
  ['status', false],
  ['domain', 'acme-retail.com'],
  ['domain', null],
  ['email', 'ops@acme-retail.com'],
  ['phone', '+1-555-0123'],
  ['phone', '+44 20 7946 0958'],
  ['website', 'https://acme-retail.com/shop?x=1'],
  ['website', 'http://localhost:8080'],
  ['timezone', 'America/Los_Angeles'],
  ['timezone', 'UTC'],
  // IANA aliases and zones ICU does not list as canonical.
  ['timezone', 'Europe/Kyiv'],
  ['timezone', 'America/Argentina/Buenos_Aires'],
  ['timezone', 'Etc/UTC'],
  ['timezone', 'Etc/GMT+5'],
  ['timezone', 'US/Pacific'],
  ['global_name', 'acmeRetail'],
  ['company_id', 'cmp_7kH3nPqR'],
  ['agency_id', null],
  ['api_metadata', { plan: 'growth', nested: { ok: [1, 2] } }],
  ['api_metadata', {}],
  ['ghl_location_id', 'loc_9XbT4kWq2Lz'],
  ['proxy_api_key', 'prx_6Jd2Qw8Zr4Tn1Vb7'],
];

const REJECTED: Array<[string, unknown]> = [
  ['name', ''],
  ['name', '   '],
  ['name', 'x'.repeat(256)],
  ['name', null],
  ['status', 'true'],
  ['status', 1],
  ['status', null],
  ['domain', 'https://acme-retail.com'],
  ['domain', 'not a host'],
  ['email', 'user@'],
  ['email', 'example_string'],
  ['phone', '555-0123'],
  ['phone', '+1--555'],
  ['website', 'example_string'],
  ['website', 'ftp://acme-retail.com'],
  ['timezone', 'example_string'],
  ['timezone', 'Mars/Olympus_Mons'],
  ['timezone', 'europe/paris'],
  ['timezone', 'EUROPE/PARIS'],
  ['timezone', '+05:00'],
  ['timezone', null],
  ['global_name', ''],
  ['company_id', 42],
  ['agency_id', 'x'.repeat(256)],
  ['api_metadata', null],
  ['api_metadata', []],
  ['api_metadata', { blob: 'x'.repeat(17 * 1024) }],
  ['ghl_location_id', ''],
  ['proxy_api_key', ''],
];

describe.each(engines)('field rules on $name', (engine) => {
  let api: TestApi;
  let client: Client;

  beforeAll(async () => {
    api = await startTestApi(engine);
    client = (await api.call('POST', '/clients', { body: { name: 'Rule Book' } })).body.data;
  });
  afterAll(() => api.close());

  it.each(ACCEPTED)('accepts %s = %j', async (field, value) => {
    const answer = await api.call('PATCH', `/clients/${client.id}`, { body: { [field]: value } });
    expect(answer.status).toBe(200);
    expect(answer.body.data[field]).toEqual(value);
  });

  it.each(REJECTED)(
    'rejects %s = %j with a detail on it, changing nothing',
    async (field, value) => {
      const before = await api.call('GET', `/clients/${client.id}`);
      const answer = await api.call('PATCH', `/clients/${client.id}`, { body: { [field]: value } });
      expect(answer.status).toBe(400);
      expect(answer.body.details.map((detail: { field: string }) => detail.field)).toContain(field);
      const after = await api.call('GET', `/clients/${client.id}`);
      expect(after.body).toEqual(before.body);
    },
  );

  it.each([
    ['id', 'id is read-only'],
    [
      'publishable_key',
      'publishable_key is read-only; use POST /clients/{id}/rotate-keys to issue keys',
    ],
    ['secret_key', 'secret_key is read-only; use POST /clients/{id}/rotate-keys to issue keys'],
    ['created_at', 'created_at is read-only'],
    ['updated_at', 'updated_at is read-only'],
    ['colour', 'colour is not a field of a client'],
  ])('rejects %s in an update: %s', async (field, message) => {
    const answer = await api.call('PATCH', `/clients/${client.id}`, {
      body: { name: 'Renamed', [field]: 'x' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual([{ field, message }]);
  });

  it('names every offending field of one body', async () => {
    const answer = await api.call('PATCH', `/clients/${client.id}`, {
      body: { secret_key: 'sk_x', colour: 'red', email: 'nope', status: 'yes' },
    });
    const fields = answer.body.details.map((detail: { field: string }) => detail.field);
    expect(fields.sort()).toEqual(['colour', 'email', 'secret_key', 'status']);
  });

  it.each([
    [
      'website',
      'example_string',
      'website must be an http or https URL, such as https://acme-retail.com',
    ],
    [
      'phone',
      '555',
      'phone must be in international format, such as +1-555-0123 or +44 20 7946 0958',
    ],
    ['email', 'user@', 'Invalid email format'],
    [
      'timezone',
      'Mars/Base',
      'Mars/Base is not an IANA time zone; use a name such as America/Los_Angeles',
    ],
  ])('says in words what %s = %j should be, once', async (field, value, message) => {
    const answer = await api.call('PATCH', `/clients/${client.id}`, { body: { [field]: value } });
    expect(answer.body.details).toEqual([{ field, message }]);
  });

  it('rejects an empty update', async () => {
    const answer = await api.call('PATCH', `/clients/${client.id}`, { body: {} });
    expect(answer.body.details).toEqual([
      { field: 'body', message: 'Provide at least one field to update' },
    ]);
  });

  it.each([
    [{}, 'name'],
    [{ name: 'Bad Id', id: 'has space' }, 'id'],
    [{ name: 'Bad Id', id: 'x'.repeat(256) }, 'id'],
    [{ name: 'Extra', secret_key: 'sk_0' }, 'secret_key'],
  ])('rejects the create body %j with a detail on %s', async (body, field) => {
    const answer = await api.call('POST', '/clients', { body });
    expect(answer.status).toBe(400);
    expect(answer.body.details.map((detail: { field: string }) => detail.field)).toContain(field);
  });
});
