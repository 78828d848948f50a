// Starts the real server on port 0 over a test database and calls it over HTTP. Every answer
// to an operation of the contract is checked against the spec before the test sees it.
import { matchRoute } from '@mythic-analytics/contract/routes';
import { checkResponse } from '@mythic-analytics/contract/testing';
import { expect } from 'vitest';
import { type RunningServer, type ServerOptions, startServer } from '../../src/index.ts';
import type { Engine, TestDatabase } from './engines.ts';

export const ADMIN_KEY = 'test-admin-key-4f9c2e7a1b';
export const AUTH = { authorization: `Bearer ${ADMIN_KEY}` };

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  /** Serialized as JSON unless `raw` is given. */
  body?: unknown;
  /** A body sent as is. */
  raw?: string;
  /** Headers added to (or, with `undefined`, removed from) the admin credential. */
  headers?: Record<string, string | undefined>;
}

export interface TestApi {
  server: RunningServer;
  databaseUrl: string;
  // biome-ignore lint/suspicious/noExplicitAny: every answer was checked against the spec already
  call<T = any>(method: string, path: string, options?: CallOptions): Promise<Answer<T>>;
  close(): Promise<void>;
}

function requestHeaders(options: CallOptions): Record<string, string> {
  const hasBody = options.body !== undefined || options.raw !== undefined;
  const merged: Record<string, string | undefined> = {
    ...AUTH,
    ...(hasBody ? { 'content-type': 'application/json' } : {}),
    ...options.headers,
  };
  return Object.fromEntries(
    Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** Fails the test when an answer to an operation of the contract breaks the spec. */
function expectConforms(method: string, path: string, answer: Answer) {
  const route = matchRoute(path.split('?')[0] ?? path);
  if (!route?.methods.includes(method)) return;
  const violations = checkResponse({
    method: method.toLowerCase(),
    path: route.template,
    status: answer.status,
    contentType: answer.headers.get('content-type'),
    body: answer.body,
  });
  expect(violations, `${method} ${path} -> ${answer.status}`).toEqual([]);
}

export async function startTestApi(
  engine: Engine,
  options: Omit<ServerOptions, 'databaseUrl'> = {},
): Promise<TestApi> {
  const database: TestDatabase = await engine.createDatabase();
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    adminKeys: [ADMIN_KEY],
    validateResponses: true,
    ...options,
    databaseUrl: database.url,
  });

  const call = async (method: string, path: string, options: CallOptions = {}) => {
    const body =
      options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const response = await fetch(server.baseUrl + path, {
      method,
      headers: requestHeaders(options),
      body: body ?? null,
    });
    const text = await response.text();
    const isJson = response.headers.get('content-type')?.includes('json') ?? false;
    const answer = {
      status: response.status,
      headers: response.headers,
      body: isJson ? JSON.parse(text) : text,
    };
    expectConforms(method, path, answer);
    return answer;
  };

  const close = async () => {
    await server.close();
    await database.drop();
  };
  return { server, databaseUrl: database.url, call, close };
}
