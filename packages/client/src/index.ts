// The typed client of the Mythic Analytics admin API, and the contract's types it speaks in.

export type {
  Client,
  ClientCreate,
  ClientDeletedResponse,
  ClientListResponse,
  ClientPatch,
  ClientResponse,
  components,
  ErrorDetail,
  ErrorEnvelope,
  HealthResponse,
  ListClientsQuery,
  operations,
  Pagination,
  paths,
  RotateKeysRequest,
} from '@mythic-analytics/contract';
export {
  createMythicClient,
  type MythicClient,
  type MythicClientOptions,
} from './client.ts';
export {
  MythicApiError,
  MythicNetworkError,
  MythicPaginationError,
  type NetworkFailure,
} from './errors.ts';
export type { RetryEvent, RetryOptions } from './middleware/retry.ts';
export type { ListAllQuery } from './pagination.ts';
export type {
  Answer,
  CallOptions,
  ClientsResource,
  CreateOptions,
  NonEmptyClientPatch,
  RawClient,
  WriteOptions,
} from './resources.ts';
