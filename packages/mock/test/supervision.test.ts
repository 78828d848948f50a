// Prism as the mock runs it: restarted when a request kills it, and logging the public URLs.
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createFront } from '../src/front.ts';
import { startMock } from '../src/index.ts';
import { supervisePrism } from '../src/prism.ts';

/** A log that keeps what was written to it. */
function logCollector() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  return { stream, text: () => text };
}

const closers: (() => Promise<void>)[] = [];
afterAll(() => Promise.all(closers.map((close) => close())));

describe('a Prism that dies', () => {
  it('is restarted, with a line on the log, and the front answers again', async () => {
    const log = logCollector();
    const prism = supervisePrism({ dynamic: false, seed: 'restart', log: log.stream });
    closers.push(() => prism.stop());
    const front = createFront(prism).listen(0, '127.0.0.1');
    closers.push(() => new Promise((resolve) => front.close(() => resolve())));
    const frontPort = await new Promise<number>((resolve) =>
      front.once('listening', () => resolve((front.address() as { port: number }).port)),
    );

    // The request that crashes Prism 5.14 (uri-template-lite's URIError), sent to Prism itself.
    const crash = `http://127.0.0.1:${await prism.port()}/clients/%zz`;
    await fetch(crash, { headers: { Authorization: 'Bearer k' } }).catch(() => undefined);
    const health = await fetch(`http://127.0.0.1:${frontPort}/api/v1/health`, {
      signal: AbortSignal.timeout(30_000),
    });

    expect(health.status).toBe(200);
    expect(log.text()).toMatch(/Prism exited \((code|signal) \w+\); restarting it/);
  }, 40_000);
});

describe("the mock's console", () => {
  it("shows the front's public URL, never Prism's private one", async () => {
    const log = logCollector();
    const mock = await startMock({ port: 0, log: log.stream });
    closers.push(() => mock.close());
    const port = new URL(mock.origin).port;

    await fetch(`${mock.baseUrl}/clients`, { headers: { Authorization: 'Bearer k' } });

    expect(log.text()).toContain(`http://localhost:${port}/api/v1/clients`);
    expect(log.text()).toMatch(/\[HTTP SERVER\] get \/api\/v1\/clients/);
    expect(log.text()).not.toMatch(/127\.0\.0\.1/);
  });
});
