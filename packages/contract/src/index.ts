// The contract as code: the generated types of spec/openapi.yaml, named in the contract's words,
// and the location of the bundled spec for tools that read it at run time.
import { fileURLToPath } from 'node:url';
import type { components, operations, paths } from './generated/schema.ts';

export type { components, operations, paths };

type Schemas = components['schemas'];

export type Client = Schemas['Client'];
export type ClientCreate = Schemas['ClientCreate'];
export type ClientPatch = Schemas['ClientPatch'];
export type RotateKeysRequest = Schemas['RotateKeysRequest'];
export type ClientResponse = Schemas['ClientResponse'];
export type ClientListResponse = Schemas['ClientListResponse'];
export type ClientDeletedResponse = Schemas['ClientDeletedResponse'];
export type HealthResponse = Schemas['HealthResponse'];
export type ErrorEnvelope = Schemas['ErrorEnvelope'];
export type ErrorDetail = Schemas['ErrorDetail'];
export type Pagination = Schemas['Pagination'];

/** Query parameters of List clients. */
export type ListClientsQuery = NonNullable<operations['listClients']['parameters']['query']>;

/** Absolute path of the bundled spec (`openapi.yaml`) shipped with this package. */
export const specPath: string = fileURLToPath(new URL('../openapi.yaml', import.meta.url));

/** Absolute path of the rendered reference docs, written by `pnpm run docs`. */
export const docsPath: string = fileURLToPath(new URL('../docs/index.html', import.meta.url));
