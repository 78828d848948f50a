// One call per operation of the contract, made through the typed client, for tests that walk
// every operation: a new operation in the contract fails to compile here until it has its call.

import type { MythicClient } from '@mythic-analytics/client';
import type { operations } from '@mythic-analytics/contract';

type Call = (
  client: MythicClient,
  headers: Record<string, string>,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

export const callOperation = {
  getHealth: (client, headers) => client.health({ headers }),
  listClients: (client, headers) => client.clients.list({ limit: 2 }, { headers }),
  createClient: (client, headers) =>
    client.clients.create({ name: 'Northwind Traders' }, { headers }),
  getClient: (client, headers) => client.clients.get('acme-retail', { headers }),
  updateClient: (client, headers) =>
    client.clients.update('acme-retail', { name: 'Acme Retail Group' }, { headers }),
  deleteClient: (client, headers) => client.clients.delete('acme-retail', { headers }),
  rotateClientKeys: (client, headers) =>
    client.clients.rotateKeys('acme-retail', { keys: 'both' }, { headers }),
} satisfies Record<keyof operations, Call>;

/** What an answer of the client is, in the terms checkResponse takes. */
export function answerOf(result: Awaited<ReturnType<Call>>) {
  return {
    status: result.response.status,
    contentType: result.response.headers.get('content-type'),
    body: result.data ?? result.error,
  };
}
