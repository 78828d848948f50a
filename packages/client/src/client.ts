// Builds the client: openapi-fetch typed by the contract, the fetch layers the options ask for,
// and the typed helpers beside the raw methods.
import type { Client, paths } from '@mythic-analytics/contract';
import createClient from 'openapi-fetch';
import type { Fetch } from './middleware/fetch.ts';
import {
  IDEMPOTENCY_KEY_HEADER,
  idempotencyKeys,
  isKeyedCreate,
} from './middleware/idempotency-key.ts';
import { withRequestId } from './middleware/request-id.ts';
import { type RetryOptions, withRetries } from './middleware/retry.ts';
import { withTimeout } from './middleware/timeout.ts';
import { type ListAllQuery, listAll } from './pagination.ts';
import {
  type Answer,
  type CallOptions,
  type ClientsResource,
  clientsResource,
  type RawClient,
} from './resources.ts';

interface ConnectionOptions {
  /** The API's base URL, with `/api/v1`: `https://api.mythic-analytics.com/api/v1`. */
  baseUrl: string;
  /** The fetch to call; `globalThis.fetch` by default. */
  fetch?: Fetch | undefined;
  /** Headers sent with every call (not `Idempotency-Key`: each create gets its own). */
  headers?: Record<string, string> | undefined;
  /** Longest one attempt may take, answer body included; no limit by default. */
  timeoutMs?: number | undefined;
  /** Opt-in retries: how many, or the full settings. Off by default. */
  retries?: number | RetryOptions | undefined;
}

/** One admin key, sent one way or the other: giving both does not compile. */
type Credentials =
  | {
      /** An admin key, sent as `Authorization: Bearer <key>`. */
      adminKey?: string | undefined;
      apiKey?: undefined;
    }
  | {
      adminKey?: undefined;
      /** An admin key sent as `X-API-Key` instead, for server-to-server calls. */
      apiKey?: string | undefined;
    };

export type MythicClientOptions = ConnectionOptions & Credentials;

/** The raw openapi-fetch methods (`GET`, `PATCH`, ...) and the typed helpers beside them. */
export type MythicClient = RawClient & {
  clients: ClientsResource;
  /** Liveness and database readiness; needs no credentials. */
  health(call?: CallOptions): Answer<'getHealth'>;
  /** Every client matching `query`, across all pages: `for await (const client of ...)`. */
  listAll(query?: ListAllQuery, call?: CallOptions): AsyncGenerator<Client, void, undefined>;
};

/** Creates a client of the Mythic Analytics admin API. */
export function createMythicClient(options: MythicClientOptions): MythicClient {
  refuseSharedIdempotencyKey(options.headers);
  const api: RawClient = createClient<paths, 'application/json'>({
    baseUrl: options.baseUrl,
    fetch: composeFetch(options),
    headers: { ...credentialHeaders(options), ...options.headers },
  });
  api.use(idempotencyKeys);
  const clients = clientsResource(api);

  return {
    ...api,
    clients,
    health: (call = {}) => api.GET('/health', call),
    listAll: (query, call) => listAll(clients, query, call),
  };
}

function composeFetch(options: MythicClientOptions): Fetch {
  // Looked up per call, so that a fetch replaced after the client was made is the one used.
  let fetch: Fetch = options.fetch ?? ((request) => globalThis.fetch(request));
  if (options.timeoutMs !== undefined) fetch = withTimeout(options.timeoutMs, fetch);
  if (options.retries !== undefined) {
    fetch = withRetries(options.retries, fetch, (request) =>
      isKeyedCreate(request, options.baseUrl),
    );
  }
  return withRequestId(fetch);
}

function credentialHeaders(options: MythicClientOptions): Record<string, string> {
  // The type already refuses both; this is for callers without the compiler.
  if (options.adminKey !== undefined && options.apiKey !== undefined) {
    throw new TypeError('Give adminKey or apiKey, not both: each is the same admin key');
  }
  if (options.adminKey !== undefined) return { Authorization: `Bearer ${options.adminKey}` };
  if (options.apiKey !== undefined) return { 'X-API-Key': options.apiKey };
  return {};
}

// One key on every call would make each create after the first a repeat of it (the first answer
// or a 409), and would not make other calls safe to repeat either.
function refuseSharedIdempotencyKey(headers: Record<string, string> = {}): void {
  const shared = Object.keys(headers).some(
    (name) => name.toLowerCase() === IDEMPOTENCY_KEY_HEADER.toLowerCase(),
  );
  if (shared) {
    throw new TypeError(
      `${IDEMPOTENCY_KEY_HEADER} cannot be a header of every call: each create gets its own. ` +
        'To choose one, pass it to that create: clients.create(body, { idempotencyKey })',
    );
  }
}
