// Typed helpers for the Clients operations, answering openapi-fetch's `{ data, error, response }`.
// Bodies are plain parameters typed by the contract, so an unknown field fails to compile.
import type {
  Client,
  ClientCreate,
  ClientPatch,
  ListClientsQuery,
  operations,
  paths,
  RotateKeysRequest,
} from '@mythic-analytics/contract';
import type { Client as FetchClient, FetchResponse } from 'openapi-fetch';

/** The openapi-fetch client typed by the contract's paths, answering JSON. */
export type RawClient = FetchClient<paths, 'application/json'>;

/**
 * openapi-fetch's answer to an operation: `data` on success, else `error`, the contract's
 * ErrorEnvelope; `response` either way.
 */
export type Answer<Operation extends keyof operations> = Promise<
  FetchResponse<operations[Operation], Record<never, never>, 'application/json'>
>;

/** Options every helper takes: extra headers (say, `Prefer` for the mock) and an abort signal. */
export type CallOptions = {
  headers?: Record<string, string> | undefined;
  signal?: AbortSignal | undefined;
};

export type CreateOptions = CallOptions & {
  /** Sent as `Idempotency-Key`; without it the client makes one. Reuse it to retry a create. */
  idempotencyKey?: string | undefined;
};

export type WriteOptions = CallOptions & {
  /** Sent as `If-Match`: the `ETag` you read, so a change made since fails with 412. */
  ifMatch?: string | undefined;
};

type ClientId = Client['id'];

/**
 * A `ClientPatch` with at least one field, as the contract's `minProperties: 1` asks: `{}` does
 * not compile. Any one field is required, the others stay optional.
 */
export type NonEmptyClientPatch = {
  [Field in keyof ClientPatch]-?: Required<Pick<ClientPatch, Field>> & Omit<ClientPatch, Field>;
}[keyof ClientPatch];

/** The Clients operations, one method each. */
export interface ClientsResource {
  list(query?: ListClientsQuery, call?: CallOptions): Answer<'listClients'>;
  get(id: ClientId, call?: CallOptions): Answer<'getClient'>;
  create(body: ClientCreate, options?: CreateOptions): Answer<'createClient'>;
  update(id: ClientId, patch: NonEmptyClientPatch, options?: WriteOptions): Answer<'updateClient'>;
  delete(id: ClientId, options?: WriteOptions): Answer<'deleteClient'>;
  rotateKeys(
    id: ClientId,
    body?: RotateKeysRequest,
    call?: CallOptions,
  ): Answer<'rotateClientKeys'>;
}

// openapi-fetch infers `body` as a generic, which lets unknown fields through (`{ nme: 'x' }`):
// a parameter of the contract's own type gets TypeScript's excess-property check instead.
export function clientsResource(api: RawClient): ClientsResource {
  return {
    list: (query: ListClientsQuery = {}, call: CallOptions = {}) =>
      api.GET('/clients', { ...call, params: { query } }),

    get: (id: ClientId, call: CallOptions = {}) =>
      api.GET('/clients/{id}', { ...call, params: { path: { id } } }),

    create: (body: ClientCreate, { idempotencyKey, ...call }: CreateOptions = {}) =>
      api.POST('/clients', {
        ...call,
        params: { header: header('Idempotency-Key', idempotencyKey) },
        body,
      }),

    update: (id: ClientId, patch: NonEmptyClientPatch, { ifMatch, ...call }: WriteOptions = {}) =>
      api.PATCH('/clients/{id}', {
        ...call,
        params: { path: { id }, header: header('If-Match', ifMatch) },
        body: patch,
      }),

    delete: (id: ClientId, { ifMatch, ...call }: WriteOptions = {}) =>
      api.DELETE('/clients/{id}', {
        ...call,
        params: { path: { id }, header: header('If-Match', ifMatch) },
      }),

    rotateKeys: (id: ClientId, body: RotateKeysRequest = {}, call: CallOptions = {}) =>
      api.POST('/clients/{id}/rotate-keys', { ...call, params: { path: { id } }, body }),
  };
}

function header<Name extends string>(name: Name, value: string | undefined) {
  return value === undefined ? undefined : ({ [name]: value } as Record<Name, string>);
}
