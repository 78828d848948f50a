// List clients: keyset pages, filters and cursors, on SQLite and on PostgreSQL.
import type { Client } from '@mythic-analytics/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/api.ts';
import { engines } from './support/engines.ts';

describe.each(engines)('list clients on $name', (engine) => {
  let api: TestApi;
  const created: Client[] = [];

  beforeAll(async () => {
    api = await startTestApi(engine);
    for (let i = 0; i < 7; i++) {
      const body = {
        name: `Listed ${i}`,
        status: i % 2 === 0,
        company_id: i < 3 ? 'cmp_A' : 'cmp_B',
        agency_id: i === 4 ? 'agy_X' : null,
      };
      created.push((await api.call('POST', '/clients', { body })).body.data);
    }
  });
  afterAll(() => api.close());

  it('answers an empty page shape when nothing matches', async () => {
    const answer = await api.call('GET', '/clients?company_id=nobody');
    expect(answer.body).toEqual({
      success: true,
      data: [],
      pagination: { limit: 20, has_more: false, next_cursor: null },
    });
  });

  it('walks every client once, oldest first, page by page', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=3&cursor=${cursor}` : '?limit=3';
      const answer = await api.call('GET', `/clients${query}`);
      expect(answer.status).toBe(200);
      expect(answer.body.data.length).toBeLessThanOrEqual(3);
      seen.push(...answer.body.data.map((client: Client) => client.id));
      cursor = answer.body.pagination.next_cursor;
      expect(answer.body.pagination.has_more).toBe(cursor !== null);
    } while (cursor);
    expect(seen).toEqual(created.map((client) => client.id));
  });

  it.each([
    { query: 'status=true', want: [0, 2, 4, 6] },
    { query: 'status=false', want: [1, 3, 5] },
    { query: 'company_id=cmp_A', want: [0, 1, 2] },
    { query: 'company_id=cmp_B&status=false', want: [3, 5] },
    { query: 'agency_id=agy_X', want: [4] },
  ])('filters by $query', async ({ query, want }) => {
    const answer = await api.call('GET', `/clients?${query}`);
    expect(answer.body.data.map((client: Client) => client.id)).toEqual(
      want.map((i) => created[i]?.id),
    );
  });

  it.each([
    { query: 'limit=0', field: 'limit' },
    { query: 'limit=101', field: 'limit' },
    { query: 'limit=ten', field: 'limit' },
    { query: 'status=yes', field: 'status' },
    { query: 'cursor=bm90LWEtY3Vyc29y', field: 'cursor' },
    { query: 'cursor=a.b', field: 'cursor' },
    { query: 'colour=red', field: 'colour' },
  ])('rejects $query with a detail on $field', async ({ query, field }) => {
    const answer = await api.call('GET', `/clients?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.body.details.map((detail: { field: string }) => detail.field)).toEqual([field]);
  });
});
