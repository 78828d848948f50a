// What the server writes to its log: one line per request, and never a credential, a secret
// key or a proxy key, whatever the requests carried.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, startTestApi, type TestApi } from './support/api.ts';
import { engines } from './support/engines.ts';

class LogCapture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
  lines(): Record<string, unknown>[] {
    return this.text
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  }
}

describe.each(engines)('logs on $name', (engine) => {
  const log = new LogCapture();
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(engine, { logLevel: 'trace', logStream: log });
  });
  afterAll(() => api.close());

  it('never contains the admin key, a secret key or a proxy key', async () => {
    const proxyKey = 'prx_LogCanary_5d8a1f0c';
    const created = await api.call('POST', '/clients', {
      body: { name: 'Log Canary', proxy_api_key: proxyKey },
    });
    const { id, secret_key: secretKey } = created.body.data;
    await api.call('PATCH', `/clients/${id}`, {
      body: { secret_key: secretKey, proxy_api_key: `${proxyKey}-2` },
      headers: { authorization: undefined, 'x-api-key': ADMIN_KEY },
    });
    await api.call('PATCH', `/clients/${id}`, { body: { proxy_api_key: `${proxyKey}-3` } });
    const rotated = await api.call('POST', `/clients/${id}/rotate-keys`, {
      body: { keys: 'both' },
    });
    await api.call('GET', '/clients', { headers: { authorization: `Bearer ${secretKey}` } });
    await api.call('POST', '/clients', { raw: `{"proxy_api_key": "${proxyKey}",` });

    expect(log.text.length).toBeGreaterThan(0);
    for (const secret of [ADMIN_KEY, secretKey, proxyKey, rotated.body.data.secret_key]) {
      expect(log.text).not.toContain(secret);
    }
  });

  it('writes a line per request: method, route, status, duration, request id', async () => {
    await api.call('GET', '/clients/nobody-here', { headers: { 'x-request-id': 'trace-me-1' } });
    const line = log.lines().find((entry) => entry.requestId === 'trace-me-1');
    expect(line).toMatchObject({
      msg: 'request',
      method: 'GET',
      route: '/api/v1/clients/{id}',
      status: 404,
    });
    expect(typeof line?.durationMs).toBe('number');
    expect(log.lines().filter((entry) => entry.requestId === 'trace-me-1')).toHaveLength(1);
  });
});
