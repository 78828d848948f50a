// `pnpm bench`: how fast Update client answers on one server over SQLite. Starts `pnpm start`'s
// entry point as its own process on 127.0.0.1 with a temporary database (so the load generator
// does not share its event loop), PATCHes one client for 10 s over 50 connections with
// autocannon, prints requests per second and the 99th percentile latency, and cleans up.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';

const ADMIN_KEY = 'bench-admin-key-0123456789';
const DURATION_SECONDS = 10;
const CONNECTIONS = 50;
const HEADERS = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };

interface BenchResult {
  requests: { average: number };
  latency: { p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilHealthy(baseUrl: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const healthy = await fetch(`${baseUrl}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) return;
    await sleep(100);
  }
  throw new Error('the server did not become healthy within 10 s');
}

async function createClient(baseUrl: string): Promise<string> {
  const answer = await fetch(`${baseUrl}/clients`, {
    method: 'POST',
    headers: HEADERS,
    body: JSON.stringify({ name: 'Bench Client' }),
  });
  return ((await answer.json()) as { data: { id: string } }).data.id;
}

function report(result: BenchResult, validateResponses: string): string {
  return [
    `PATCH /clients/{id} on SQLite, ${CONNECTIONS} connections, ${DURATION_SECONDS} s,`,
    `response validation ${validateResponses === 'false' ? 'off' : 'on'}:`,
    `  requests/s  ${result.requests.average.toFixed(0)}`,
    `  latency p99 ${result.latency.p99} ms (average ${result.latency.average.toFixed(1)} ms)`,
    `  non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}`,
    '',
  ].join('\n');
}

const dataDir = mkdtempSync(join(tmpdir(), 'mythic-bench-'));
const port = await freePort();
const validateResponses = process.env.VALIDATE_RESPONSES ?? 'true';
const server = spawn(join(import.meta.dirname, '../node_modules/.bin/tsx'), ['src/main.ts'], {
  cwd: join(import.meta.dirname, '..'),
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${join(dataDir, 'bench.db')}`,
    MYTHIC_ADMIN_KEYS: ADMIN_KEY,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '0',
    VALIDATE_RESPONSES: validateResponses,
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});

try {
  const baseUrl = `http://127.0.0.1:${port}/api/v1`;
  await waitUntilHealthy(baseUrl);
  const id = await createClient(baseUrl);
  const result = (await autocannon({
    url: `${baseUrl}/clients/${id}`,
    method: 'PATCH',
    headers: HEADERS,
    body: JSON.stringify({ name: 'Bench Client', timezone: 'Europe/Berlin', status: true }),
    connections: CONNECTIONS,
    duration: DURATION_SECONDS,
  })) as BenchResult;
  process.stdout.write(report(result, validateResponses));
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('close', resolve));
  rmSync(dataDir, { recursive: true, force: true });
}
