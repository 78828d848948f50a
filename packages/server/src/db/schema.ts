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
  key: string;
  request_hash: string;
  /** 0 while the first request is still running, then the status it answered with. */
  status: number;
  response: string | null;
  created_at: number;
}

export interface DatabaseSchema {
  clients: ClientsTable;
  idempotency_keys: IdempotencyKeysTable;
}
