// Builds the validator's per-operation schemas before the server takes traffic: the validator
// compiles them on the first request of each operation, which would slow that request down.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { API_BASE } from './app.ts';
import { WARMUP } from './request-log.ts';

interface WarmupCall {
  method: string;
  path: string;
  contentType?: string;
  body?: string;
  ifMatch?: string;
}

// Each call runs an operation as far as it can go without writing: through the validator and
// into the handler, stopped by a rule (an unknown time zone, a version that never exists) or by
// an id the spec forbids.
const PROBE = '/clients/warmup-probe';
const BAD_TIMEZONE = JSON.stringify({ name: 'Warm-up', timezone: 'Not/A_Zone' });
const CALLS: WarmupCall[] = [
  { method: 'GET', path: '/health' },
  { method: 'GET', path: '/clients?limit=1' },
  { method: 'POST', path: '/clients', contentType: 'application/json', body: BAD_TIMEZONE },
  { method: 'GET', path: PROBE },
  { method: 'PATCH', path: PROBE, contentType: 'application/json', body: BAD_TIMEZONE },
  { method: 'PATCH', path: PROBE, contentType: 'application/merge-patch+json', body: BAD_TIMEZONE },
  { method: 'DELETE', path: PROBE, ifMatch: '"0-0"' },
  { method: 'POST', path: '/clients/%21/rotate-keys' },
  { method: 'POST', path: '/clients/%21/rotate-keys', contentType: 'application/json', body: '{}' },
];

/** Sends one warm-up call and reads its answer to the end. */
async function send(origin: string, call: WarmupCall, adminKey: string | undefined) {
  const headers: Record<string, string> = {};
  if (adminKey) headers.authorization = `Bearer ${adminKey}`;
  if (call.contentType) headers['content-type'] = call.contentType;
  if (call.ifMatch) headers['if-match'] = call.ifMatch;
  const url = `${origin}${API_BASE}${call.path}`;
  const answer = await fetch(url, { method: call.method, headers, body: call.body ?? null });
  await answer.arrayBuffer();
}

export async function warmUp(app: Express, adminKey: string | undefined): Promise<void> {
  const server = createServer((req: IncomingMessage & { [WARMUP]?: true }, res) => {
    req[WARMUP] = true;
    app(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  try {
    for (const call of CALLS) await send(`http://127.0.0.1:${port}`, call, adminKey);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
