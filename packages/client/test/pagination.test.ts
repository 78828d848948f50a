// listAll under an injected fetch: it follows cursors, and it throws documented errors when a
// page fails or cannot advance the walk.
import { describe, expect, it } from 'vitest';
import { createMythicClient, MythicApiError, MythicPaginationError } from '../src/index.ts';
import { envelope, scriptedFetch } from './fetch-recorder.ts';

const baseUrl = 'http://api.test/api/v1';

function page(ids: string[], nextCursor: string | null): Response {
  const pagination = { limit: ids.length, has_more: nextCursor !== null, next_cursor: nextCursor };
  return Response.json({ success: true, data: ids.map((id) => ({ id })), pagination });
}

async function walk(...pages: Response[]) {
  const recorder = scriptedFetch(...pages);
  const mythic = createMythicClient({ baseUrl, adminKey: 'admin-key', fetch: recorder.fetch });
  const seen: string[] = [];
  const thrown = await (async () => {
    for await (const client of mythic.listAll({ limit: 2 })) seen.push(client.id);
  })().catch((error: unknown) => error);
  const cursors = recorder.requests.map((request) =>
    new URL(request.url).searchParams.get('cursor'),
  );
  return { seen, thrown, cursors };
}

describe('listAll', () => {
  it('follows next_cursor until has_more is false', async () => {
    const { seen, thrown, cursors } = await walk(page(['a', 'b'], 'c1'), page(['c'], null));
    expect(thrown).toBeUndefined();
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(cursors).toEqual([null, 'c1']);
  });

  it('throws MythicPaginationError when a page names its own cursor as the next', async () => {
    // What a static example does: every page is the same page, with the same next cursor.
    const { seen, thrown, cursors } = await walk(page(['a', 'b'], 'c1'));
    expect(thrown).toBeInstanceOf(MythicPaginationError);
    expect(thrown).toMatchObject({ cursor: 'c1' });
    expect(seen).toEqual(['a', 'b', 'a', 'b']);
    expect(cursors).toEqual([null, 'c1']);
  });

  it('throws MythicApiError with the envelope when a page is answered with an error', async () => {
    const { seen, thrown } = await walk(page(['a'], 'c1'), envelope(503));
    expect(thrown).toBeInstanceOf(MythicApiError);
    expect(thrown).toMatchObject({ status: 503, error: { code: 503 } });
    expect(seen).toEqual(['a']);
  });
});
