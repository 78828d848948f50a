// A PostgreSQL that is busy, stopping or unreachable answers 503 with Retry-After (a warning in
// the log), not 500; migrations run without the statement timeout of requests.
import { Writable } from 'node:stream';
import { checkResponse } from '@mythic-analytics/contract/testing';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.ts';
import { toApiError } from '../src/errors.ts';
import { AUTH, startTestApi, type TestApi } from './support/api.ts';
import { engines } from './support/engines.ts';

describe('toApiError of an unavailable database', () => {
  it.each([
    [{ code: '57014', message: 'canceling statement due to statement timeout' }],
    [{ code: '57P01', message: 'terminating connection due to administrator command' }],
    [{ message: 'timeout exceeded when trying to connect' }],
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' }],
    [{ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND db' }],
    [{ code: 'ETIMEDOUT', message: 'connect ETIMEDOUT' }],
  ])('answers 503 with Retry-After to %j', (fields) => {
    const error = toApiError(Object.assign(new Error(fields.message), fields));
    expect(error.status).toBe(503);
    expect(error.headers).toEqual({ 'Retry-After': '5' });
    expect(error.toEnvelope()).toMatchObject({ error: 'Service Unavailable', code: 503 });
  });
});

const postgres = engines.find((engine) => engine.name === 'postgres');

describe.runIf(postgres)('PostgreSQL unavailable mid-request', () => {
  let api: TestApi;
  const lines: string[] = [];
  beforeAll(async () => {
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    api = await startTestApi(postgres as NonNullable<typeof postgres>, {
      logLevel: 'warn',
      logStream,
    });
  });
  afterAll(() => api.close());

  /** Terminates the server's connection once it waits on the lock the test holds. */
  async function terminateWaiting(admin: pg.Client): Promise<void> {
    for (;;) {
      const { rowCount } = await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
         where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if (rowCount) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('answers 503 with Retry-After when an administrator ends its connection', async () => {
    const admin = new pg.Client({ connectionString: api.databaseUrl });
    await admin.connect();
    await admin.query('begin; lock table clients in access exclusive mode');
    const answer = fetch(`${api.server.baseUrl}/clients`, { headers: AUTH });
    await terminateWaiting(admin);
    await admin.query('rollback');
    await admin.end();

    const response = await answer;
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    const body = await response.json();
    expect(body).toMatchObject({ error: 'Service Unavailable', code: 503 });
    const contentType = response.headers.get('content-type');
    const unavailable = { method: 'get', path: '/clients', status: 503, contentType, body };
    expect(checkResponse(unavailable)).toEqual([]);
    const logged = lines.map((line) => JSON.parse(line));
    expect(logged).toContainEqual(
      expect.objectContaining({ level: 40, msg: 'database unavailable' }),
    );
  });

  it('runs migrations without the statement timeout of requests', async () => {
    const shown = async (timeouts: boolean) => {
      const { db } = openDatabase(api.databaseUrl, () => {}, { timeouts });
      const { rows } = await sql<{ statement_timeout: string }>`show statement_timeout`.execute(db);
      await db.destroy();
      return rows[0]?.statement_timeout;
    };
    expect(await shown(true)).toBe('10s');
    expect(await shown(false)).toBe('0');
  });
});
