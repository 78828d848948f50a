// The Prism mock of the admin API: Prism on the bundled spec behind a small front that serves it
// under the server's base path, so a frontend switches between mock and server by origin alone.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { publicLog } from './console-log.ts';
import { BASE_PATH, createFront } from './front.ts';
import { DEFAULT_SEED, type SupervisedPrism, supervisePrism } from './prism.ts';

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

/** The address to show people: `localhost` for the loopback and any-interface hosts. */
export function publicOrigin(host: string, port: number): string {
  const shown = ['127.0.0.1', '0.0.0.0', '::', '::1'].includes(host) ? 'localhost' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

/** Starts the front, then Prism behind it; resolves once both answer. */
export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const host = options.host ?? '127.0.0.1';
  let started: (prism: SupervisedPrism) => void = () => {};
  const supervised = new Promise<SupervisedPrism>((resolve) => {
    started = resolve;
  });
  // Prism's log names the front's URLs, so the front listens first; early requests wait.
  const front = createFront({ port: () => supervised.then((prism) => prism.port()) });
  front.listen(options.port ?? 4010, host);
  await once(front, 'listening');
  const { port } = front.address() as AddressInfo;

  const log = options.log && publicLog(options.log, `${publicOrigin(host, port)}${BASE_PATH}`);
  const prism = supervisePrism({
    dynamic: options.dynamic ?? false,
    seed: options.seed ?? DEFAULT_SEED,
    log,
  });
  started(prism);
  const close = async () => {
    const closed = once(front, 'close');
    front.close();
    front.closeAllConnections();
    await closed;
    await prism.stop();
  };
  try {
    await prism.port();
  } catch (error) {
    await close();
    throw error;
  }

  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return { origin, baseUrl: `${origin}${BASE_PATH}`, close };
}
