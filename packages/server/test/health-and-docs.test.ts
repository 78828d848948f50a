// Health answers 200 while the database answers and 503 once it does not; the contract is
// served at /openapi.yaml, /openapi.json and /docs without credentials.
import { existsSync, readFileSync } from 'node:fs';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { docsPath, specPath } from '@mythic-analytics/contract';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { startServer } from '../src/index.ts';
import { ADMIN_KEY, AUTH, startTestApi, type TestApi } from './support/api.ts';
import { engines } from './support/engines.ts';

describe('when PostgreSQL goes away', () => {
  const postgres = engines.find((engine) => engine.name === 'postgres');
  let log = '';
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      log += chunk;
      done();
    },
  });
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(postgres as (typeof engines)[number], { logLevel: 'info', logStream });
  });
  afterAll(() => api.close());

  it('health answers 503 once the database is gone; an operation answers 500', async () => {
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

    // The failure stays in the log under the request id; the answer tells nothing of it.
    const failed = await api.call('GET', '/clients', { headers: { 'x-request-id': 'db-gone-1' } });
    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({
      error: 'Internal Server Error',
      message: 'An unexpected error occurred; quote the X-Request-Id header when reporting it',
      code: 500,
    });
    const logged = log
      .split('\n')
      .find((line) => line.includes('"db-gone-1"') && line.includes('"err"'));
    expect(logged).toMatch(/does not exist/);
    expect(JSON.stringify(failed.body)).not.toMatch(/at .*\.ts|node_modules|does not exist/);
    // Nothing of the connection settings nor the credential reaches the log, not even through
    // a driver error.
    expect(log).not.toContain(new URL(api.databaseUrl).password);
    expect(log).not.toContain(ADMIN_KEY);
  });
});

/** A TCP relay to PostgreSQL that can turn into a host that accepts and never answers. */
async function startRelay(target: URL) {
  const sockets = new Set<Socket>();
  let silent = false;
  const relay = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (silent) return;
    const upstream = connect(Number(target.port), target.hostname);
    upstream.on('error', () => socket.destroy());
    sockets.add(upstream);
    socket.pipe(upstream).pipe(socket);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const { port } = relay.address() as AddressInfo;
  return {
    port,
    silence() {
      silent = true;
      for (const socket of sockets) socket.destroy();
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => relay.close(resolve));
    },
  };
}

describe('when PostgreSQL stops answering', () => {
  const postgres = engines.find((engine) => engine.name === 'postgres');

  it('health answers 503 once the connection attempt times out', async () => {
    const database = await (postgres as (typeof engines)[number]).createDatabase();
    const target = new URL(database.url);
    const relay = await startRelay(target);
    const viaRelay = new URL(database.url);
    viaRelay.port = String(relay.port);
    const server = await startServer({
      port: 0,
      databaseUrl: viaRelay.toString(),
      adminKeys: [ADMIN_KEY],
    });
    try {
      expect((await fetch(`${server.baseUrl}/health`)).status).toBe(200);
      relay.silence();
      const answer = await fetch(`${server.baseUrl}/health`);
      expect(answer.status).toBe(503);
    } finally {
      await server.close();
      await relay.close();
      await database.drop();
    }
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
    // The page is built by `pnpm run docs`, which `pnpm test` runs first.
    expect(existsSync(docsPath)).toBe(true);
    const answer = await fetch(`${api.server.origin}/docs`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/text\/html/);
    const policy = answer.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toMatch(/https?:|\*/);
  });

  it('says how to build the docs page when it is missing', async () => {
    const unbuilt = await startTestApi(engine as (typeof engines)[number], {
      docsPath: '/nonexistent/index.html',
    });
    try {
      const answer = await fetch(`${unbuilt.server.origin}/docs`);
      expect(answer.status).toBe(503);
      expect(((await answer.json()) as { message: string }).message).toMatch(/pnpm run docs/);
    } finally {
      await unbuilt.close();
    }
  });

  it.each(['/docs', '/openapi.json', '/openapi.yaml'])(
    'answers HEAD on %s and 405 with Allow to POST',
    async (path) => {
      const head = await fetch(`${api.server.origin}${path}`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe('');
      const post = await fetch(`${api.server.origin}${path}`, { method: 'POST' });
      expect(post.status).toBe(405);
      expect(post.headers.get('allow')).toBe('GET, HEAD');
      expect(await post.json()).toMatchObject({ error: 'Method Not Allowed', code: 405 });
    },
  );

  it('answers HEAD on health and on an operation as GET would, without a body', async () => {
    const health = await fetch(`${api.server.baseUrl}/health`, { method: 'HEAD' });
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('');
    const list = await fetch(`${api.server.baseUrl}/clients`, { method: 'HEAD', headers: AUTH });
    expect(list.status).toBe(200);
    expect(list.headers.get('content-type')).toMatch(/json/);
    const anonymous = await fetch(`${api.server.baseUrl}/clients`, { method: 'HEAD' });
    expect(anonymous.status).toBe(401);
  });
});
