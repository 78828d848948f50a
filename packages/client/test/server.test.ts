// The client scenario against the real server on a real port, on SQLite in a temporary folder.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
// Imported by path, not by name: the server already depends on the client for its own tests.
import { type RunningServer, startServer } from '../../server/src/index.ts';
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

describe('the client against the real server', () => {
  it('runs the scenario', async () => {
    await runClientScenario({ baseUrl: server.baseUrl, adminKey, stateful: true });
  });
});
