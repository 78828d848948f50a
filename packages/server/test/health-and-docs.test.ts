// Health answers 200 while the database answers and 503 once it does not; the contract is
// served at /openapi.yaml, /openapi.json and /docs without credentials.
import { existsSync, readFileSync } from 'node:fs';
import { docsPath, specPath } from '@mythic-analytics/contract';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { startTestApi, type TestApi } from './support/api.ts';
import { engines } from './support/engines.ts';

describe('health when PostgreSQL goes away', () => {
  const postgres = engines.find((engine) => engine.name === 'postgres');
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(postgres as (typeof engines)[number]);
  });
  afterAll(() => api.close());

  it('answers 200, then 503 with the envelope once the database is gone', async () => {
    expect((await api.call('GET', '/health')).status).toBe(200);

    const admin = new pg.Client({ connectionString: `${inject('postgresUrl')}/postgres` });
    await admin.connect();
    const name = new URL(api.databaseUrl).pathname.slice(1);
    await admin.query(`drop database ${name} with (force)`);
    await admin.end();

    const answer = await api.call('GET', '/health');
    expect(answer.status).toBe(503);
    expect(answer.body).toEqual({
      error: 'Service Unavailable',
      message: 'The database is not reachable',
      code: 503,
    });
  });
});

describe('the contract for readers', () => {
  const [engine] = engines;
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(engine as (typeof engines)[number]);
  });
  afterAll(() => api.close());

  it('serves the bundled spec as YAML and as JSON', async () => {
    const bundled = readFileSync(specPath, 'utf8');
    const yaml = await fetch(`${api.server.origin}/openapi.yaml`);
    expect(yaml.headers.get('content-type')).toMatch(/yaml/);
    expect(await yaml.text()).toBe(bundled);
    const json = await fetch(`${api.server.origin}/openapi.json`);
    expect(await json.json()).toEqual(parse(bundled));
  });

  it('serves the docs page under a policy that allows no other host', async () => {
    const answer = await fetch(`${api.server.origin}/docs`);
    if (!existsSync(docsPath)) {
      expect(answer.status).toBe(503);
      expect(((await answer.json()) as { message: string }).message).toMatch(/pnpm docs/);
      return;
    }
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/text\/html/);
    const policy = answer.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toMatch(/https?:|\*/);
  });
});
