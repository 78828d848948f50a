// The client scenario against the real server on a real port, on SQLite in a temporary folder.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Imported by path, not by name: the server already depends on the client for its own tests.
import { type RunningServer, startServer } from '../../server/src/index.ts';
import { createMythicClient } from '../src/index.ts';
import { networkFailure } from './fetch-recorder.ts';
import { runClientScenario } from './scenario.ts';

const adminKey = 'client-test-admin-key-0123456789';
let server: RunningServer;
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'mythic-client-'));
  server = await startServer({
    port: 0,
    databaseUrl: `sqlite:${join(folder, 'mythic.db')}`,
    adminKeys: [adminKey],
    logLevel: 'silent',
  });
});

afterAll(async () => {
  await server?.close();
  await rm(folder, { recursive: true, force: true });
});

describe('the client against the real server', { timeout: 20_000 }, () => {
  it('runs the scenario', async () => {
    await runClientScenario({ baseUrl: server.baseUrl, adminKey, stateful: true });
  });
});

describe('a create retried against the real server', { timeout: 20_000 }, () => {
  it('makes one client when the first answer is lost on the way back', async () => {
    let attempts = 0;
    // The server handles the first attempt, then the answer is dropped as a broken connection.
    const losesFirstAnswer = async (request: Request) => {
      const response = await fetch(request);
      attempts++;
      if (attempts === 1) throw networkFailure();
      return response;
    };
    const mythic = createMythicClient({
      baseUrl: server.baseUrl,
      adminKey,
      fetch: losesFirstAnswer,
      retries: { limit: 2, baseDelayMs: 1 },
    });

    const name = `Lost Answer ${Date.now()}`;
    const { data, response } = await mythic.clients.create({ name });
    expect(response.status).toBe(201);
    expect(attempts).toBe(2);

    const named = [];
    for await (const client of mythic.listAll()) if (client.name === name) named.push(client.id);
    expect(named).toEqual([data?.data.id]);
  });
});
