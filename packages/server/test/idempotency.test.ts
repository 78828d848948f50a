// An Idempotency-Key belongs to the admin key that sent it, and a replay answers the first
// status with the client as it is now: rotated keys are the new ones, a deleted client is gone.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, AUTH, startTestApi, type TestApi } from './support/api.ts';
import { engines } from './support/engines.ts';

const SECOND_KEY = 'second-admin-key-0a7b3c9d';

describe.each(engines)('Idempotency-Key on $name', (engine) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(engine, { adminKeys: [ADMIN_KEY, SECOND_KEY] });
  });
  afterAll(() => api.close());

  const create = (key: string, adminKey?: string) =>
    api.call('POST', '/clients', {
      body: { name: `Keyed ${key}` },
      headers: {
        'idempotency-key': key,
        ...(adminKey === undefined ? {} : { authorization: `Bearer ${adminKey}` }),
      },
    });

  it('keeps the same key of two admin keys apart', async () => {
    const first = await create('shared');
    const other = await create('shared', SECOND_KEY);
    expect([first.status, other.status]).toEqual([201, 201]);
    expect(other.body.data.id).not.toBe(first.body.data.id);
    expect(other.body.data.secret_key).not.toBe(first.body.data.secret_key);
  });

  it('replays the client with the keys it has now after a rotation', async () => {
    const first = await create('rotated');
    const id = first.body.data.id;
    const rotated = await api.call('POST', `/clients/${id}/rotate-keys`, { body: {} });
    const replay = await create('rotated');
    expect(replay.status).toBe(201);
    expect(replay.body.data.secret_key).toBe(rotated.body.data.secret_key);
    expect(replay.body.data.secret_key).not.toBe(first.body.data.secret_key);
    expect(replay.headers.get('etag')).toBe(rotated.headers.get('etag'));
  });

  it('answers 409 to a replay once the client is deleted', async () => {
    const first = await create('deleted');
    await api.call('DELETE', `/clients/${first.body.data.id}`);
    const replay = await create('deleted');
    expect(replay.status).toBe(409);
    expect(replay.body.message).toBe(
      'The client created with this Idempotency-Key has since been deleted',
    );
  });
});

const postgres = engines.find((engine) => engine.name === 'postgres');

describe.runIf(postgres)('purging expired keys on PostgreSQL', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(postgres as NonNullable<typeof postgres>);
  });
  afterAll(() => api.close());

  it('never holds a keyed create behind rows another purge has locked', async () => {
    const admin = new pg.Client({ connectionString: api.databaseUrl });
    await admin.connect();
    const dayAgo = Date.now() - 25 * 60 * 60 * 1000;
    await admin.query(
      `insert into idempotency_keys (scope, key, request_hash, status, created_at)
       values ('old', 'expired', 'x', 201, $1)`,
      [dayAgo],
    );
    // As a purge in another request's transaction would hold them.
    await admin.query('begin; select * from idempotency_keys for update');
    try {
      const answer = await fetch(`${api.server.baseUrl}/clients`, {
        method: 'POST',
        headers: { ...AUTH, 'content-type': 'application/json', 'idempotency-key': 'beside' },
        body: JSON.stringify({ name: 'Beside a purge' }),
        // Far beyond a create; without the skip it would wait for the statement timeout.
        signal: AbortSignal.timeout(5_000),
      });
      expect(answer.status).toBe(201);
    } finally {
      await admin.query('rollback');
      await admin.end();
    }
  });
});
