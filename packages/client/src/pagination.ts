// Walks every page of List clients by following `pagination.next_cursor`, so a caller iterates
// clients and never handles a cursor.
import type { Client, ListClientsQuery, Pagination } from '@mythic-analytics/contract';
import { MythicApiError, MythicPaginationError } from './errors.ts';
import type { CallOptions, ClientsResource } from './resources.ts';

/** The filters of List clients; the cursor is the walk's own business. */
export type ListAllQuery = Omit<ListClientsQuery, 'cursor'>;

/**
 * Yields every client that matches `query`, page after page. Throws `MythicApiError` when a page
 * is answered with an error, `MythicNetworkError` when one gets no answer, and
 * `MythicPaginationError` when a page names its own cursor as the next.
 */
export async function* listAll(
  clients: Pick<ClientsResource, 'list'>,
  query: ListAllQuery = {},
  call: CallOptions = {},
): AsyncGenerator<Client, void, undefined> {
  let cursor: string | undefined;
  do {
    const { data, error, response } = await clients.list(pageQuery(query, cursor), call);
    if (error !== undefined) throw new MythicApiError(error, response);

    yield* data.data;
    cursor = nextCursor(data.pagination, cursor, response);
  } while (cursor !== undefined);
}

function pageQuery(query: ListAllQuery, cursor: string | undefined): ListClientsQuery {
  return cursor === undefined ? query : { ...query, cursor };
}

function nextCursor(
  pagination: Pagination,
  sent: string | undefined,
  response: Response,
): string | undefined {
  if (!pagination.has_more || pagination.next_cursor === null) return undefined;
  // A server (or a mock) that hands back the cursor it was sent would keep the walk going for ever.
  if (pagination.next_cursor === sent) throw new MythicPaginationError(sent, response);
  return pagination.next_cursor;
}
