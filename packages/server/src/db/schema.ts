// The tables as Kysely sees them. Both engines store the same column types: booleans as 0/1,
// JSON as text and instants as epoch milliseconds, so one query layer serves SQLite and PostgreSQL.
import type { Generated } from 'kysely';

export interface ClientsTable {
  id: string;
  name: string;
  status: number;
  publishable_key: string;
  secret_key: string;
  domain: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  timezone: string;
  global_name: string | null;
  company_id: string | null;
  agency_id: string | null;
  api_metadata: string;
  ghl_location_id: string | null;
  proxy_api_key: string | null;
  created_at: number;
  updated_at: number;
  version: Generated<number>;
}

export interface IdempotencyKeysTable {
  /** A SHA-256 of the operation and the admin key that sent the key. */
  scope: string;
  key: string;
  request_hash: string;
  /** The status answered; 0 only inside the creating transaction, which commits the answer. */
  status: number;
  client_id: string | null;
  client_created_at: number | null;
  created_at: number;
}

export interface DatabaseSchema {
  clients: ClientsTable;
  idempotency_keys: IdempotencyKeysTable;
}
