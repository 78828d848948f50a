// listAll against the Prism mock, which stores nothing: the walk must end, as the README says,
// because the mock answers a request that follows a cursor with its empty page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Imported by path, not by name: the mock already depends on the client for its own tests.
import { type RunningMock, startMock } from '../../mock/src/index.ts';
import { createMythicClient } from '../src/index.ts';

let mock: RunningMock;

beforeAll(async () => {
  mock = await startMock({ port: 0 });
}, 30_000);

afterAll(async () => {
  await mock?.close();
});

describe('listAll against the static mock', () => {
  it('yields the first page, follows its cursor once and ends', async () => {
    const sent: URL[] = [];
    const mythic = createMythicClient({
      baseUrl: mock.baseUrl,
      adminKey: 'mock-admin-key',
      fetch: (request) => {
        sent.push(new URL(request.url));
        return fetch(request);
      },
    });
    const firstPage = (await mythic.clients.list()).data;
    sent.length = 0;

    const seen: string[] = [];
    for await (const client of mythic.listAll()) seen.push(client.id);

    expect(firstPage?.pagination.has_more).toBe(true);
    expect(seen).toEqual(firstPage?.data.map((client) => client.id));
    expect(sent.map((url) => url.searchParams.get('cursor'))).toEqual([
      null,
      firstPage?.pagination.next_cursor,
    ]);
  });
});
