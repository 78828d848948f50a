// Reads and writes clients. Every change is one statement, so a change writes only its fields
// and an If-Match precondition is checked by the same statement that writes.
import type { Client, ClientCreate, ClientPatch } from '@mythic-analytics/contract';
import { type ExpressionBuilder, type Kysely, type Selectable, sql } from 'kysely';
import type { ClientVersion } from '../etag.ts';
import type { ClientsTable, DatabaseSchema } from './schema.ts';

export type ClientRow = Selectable<ClientsTable>;

/** Stored columns a write may set; the version only ever moves by one. */
export type ClientColumns = Partial<Omit<ClientsTable, 'version'>>;

/** What a write was allowed to change: any version of the client, or one of these. */
export type Precondition = 'any' | ClientVersion[];

export type WriteOutcome = { row: ClientRow } | { failure: 'not-found' | 'stale' };

export interface ListFilter {
  limit: number;
  after?: { createdAt: number; id: string };
  status?: boolean;
  companyId?: string;
  agencyId?: string;
}

export interface NewClient extends Omit<ClientCreate, 'id'> {
  id: string;
  publishable_key: string;
  secret_key: string;
}

type ClientsBuilder = ExpressionBuilder<DatabaseSchema, 'clients'>;

/** The client as the contract shows it, fields in the contract's order. */
export function toClient(row: ClientRow): Client {
  return {
    id: row.id,
    name: row.name,
    status: row.status !== 0,
    publishable_key: row.publishable_key,
    secret_key: row.secret_key,
    domain: row.domain,
    email: row.email,
    phone: row.phone,
    website: row.website,
    timezone: row.timezone,
    global_name: row.global_name,
    company_id: row.company_id,
    agency_id: row.agency_id,
    api_metadata: JSON.parse(row.api_metadata) as Client['api_metadata'],
    ghl_location_id: row.ghl_location_id,
    proxy_api_key: row.proxy_api_key,
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
  };
}

/** Columns of a patch, in storage form; absent fields stay absent. */
function patchColumns(patch: ClientPatch): ClientColumns {
  const { status, api_metadata, ...plain } = patch;
  const columns: ClientColumns = { ...plain };
  if (status !== undefined) columns.status = status ? 1 : 0;
  if (api_metadata !== undefined) columns.api_metadata = JSON.stringify(api_metadata);
  return columns;
}

function matchesPrecondition(precondition: Precondition) {
  return (eb: ClientsBuilder) => {
    if (precondition === 'any') return eb.lit(true);
    return eb.or(
      precondition.map(({ version, createdAt }) =>
        eb.and([eb('version', '=', version), eb('created_at', '=', createdAt)]),
      ),
    );
  };
}

export class ClientsRepository {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async find(id: string): Promise<ClientRow | undefined> {
    return this.db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Up to `limit` clients after the cursor, ordered by (created_at, id). */
  async list(filter: ListFilter): Promise<ClientRow[]> {
    let query = this.db.selectFrom('clients').selectAll();
    const { after } = filter;
    if (after) {
      query = query.where((eb) =>
        eb.or([
          eb('created_at', '>', after.createdAt),
          eb.and([eb('created_at', '=', after.createdAt), eb('id', '>', after.id)]),
        ]),
      );
    }
    if (filter.status !== undefined) query = query.where('status', '=', filter.status ? 1 : 0);
    if (filter.companyId) query = query.where('company_id', '=', filter.companyId);
    if (filter.agencyId) query = query.where('agency_id', '=', filter.agencyId);
    return query.orderBy('created_at').orderBy('id').limit(filter.limit).execute();
  }

  /** The taken ids among `base` and those starting with `prefix` (slugs hold no `%` or `_`). */
  async idsLike(base: string, prefix: string): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('clients')
      .select('id')
      .where((eb) => eb.or([eb('id', '=', base), eb('id', 'like', `${prefix}%`)]))
      .execute();
    return new Set(rows.map((row) => row.id));
  }

  /** Inserts a client; undefined when its id (or, improbably, a key) is taken. */
  async insert(client: NewClient, now: number): Promise<ClientRow | undefined> {
    return (
      this.db
        .insertInto('clients')
        .values({
          ...patchColumns(client),
          id: client.id,
          name: client.name,
          status: client.status === false ? 0 : 1,
          timezone: client.timezone ?? 'UTC',
          api_metadata: JSON.stringify(client.api_metadata ?? {}),
          publishable_key: client.publishable_key,
          secret_key: client.secret_key,
          created_at: now,
          updated_at: now,
        })
        // Not an error: inside a PostgreSQL transaction an error would end the transaction.
        .onConflict((conflict) => conflict.doNothing())
        .returningAll()
        .executeTakeFirst()
    );
  }

  /** Writes the given columns; `updated_at` moves forward even when the clock does not. */
  async update(
    id: string,
    columns: ClientColumns,
    precondition: Precondition,
    now: number,
  ): Promise<WriteOutcome> {
    const row = await this.db
      .updateTable('clients')
      .set((eb) => ({
        ...columns,
        version: eb('version', '+', 1),
        updated_at: sql<number>`case when updated_at >= cast(${now} as bigint)
          then updated_at + 1 else cast(${now} as bigint) end`,
      }))
      .where('id', '=', id)
      .where(matchesPrecondition(precondition))
      .returningAll()
      .executeTakeFirst();
    return row ? { row } : { failure: await this.whyNotWritten(id) };
  }

  async patch(id: string, patch: ClientPatch, precondition: Precondition, now: number) {
    return this.update(id, patchColumns(patch), precondition, now);
  }

  async remove(id: string, precondition: Precondition): Promise<WriteOutcome> {
    const row = await this.db
      .deleteFrom('clients')
      .where('id', '=', id)
      .where(matchesPrecondition(precondition))
      .returningAll()
      .executeTakeFirst();
    return row ? { row } : { failure: await this.whyNotWritten(id) };
  }

  /** After a write matched no row: was the client missing, or its version not the one named? */
  private async whyNotWritten(id: string): Promise<'not-found' | 'stale'> {
    return (await this.find(id)) ? 'stale' : 'not-found';
  }
}
