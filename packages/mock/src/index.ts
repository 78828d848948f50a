// The Prism mock of the admin API: Prism on the bundled spec behind a small front that serves it
// under the server's base path, so a frontend switches between mock and server by origin alone.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { BASE_PATH, createFront } from './front.ts';
import { DEFAULT_SEED, startPrism } from './prism.ts';

export { BASE_PATH } from './front.ts';
export { DEFAULT_SEED } from './prism.ts';

export interface MockOptions {
  /** 0 picks a free port; default 4010. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Generate answers from the schemas instead of serving the spec's examples. */
  dynamic?: boolean;
  /** Seed of dynamic mode; the same seed gives the same answers. */
  seed?: string;
  /** Receives Prism's request log; without it the mock is quiet. */
  log?: NodeJS.WritableStream;
}

export interface RunningMock {
  /** Such as http://127.0.0.1:4010/api/v1: the same base path as the server. */
  baseUrl: string;
  origin: string;
  close(): Promise<void>;
}

/** Starts Prism and the front; resolves once both answer. */
export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const host = options.host ?? '127.0.0.1';
  const prism = await startPrism({
    dynamic: options.dynamic ?? false,
    seed: options.seed ?? DEFAULT_SEED,
    log: options.log,
  });

  const front = createFront(prism.port);
  try {
    front.listen(options.port ?? 4010, host);
    await once(front, 'listening');
  } catch (error) {
    await prism.stop();
    throw error;
  }

  const { port } = front.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const close = async () => {
    const closed = once(front, 'close');
    front.close();
    front.closeAllConnections();
    await closed;
    await prism.stop();
  };
  return { origin, baseUrl: `${origin}${BASE_PATH}`, close };
}
