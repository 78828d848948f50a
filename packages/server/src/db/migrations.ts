// Schema migrations, run at every start. Kysely's migrator takes a lock, so several instances
// starting together against one PostgreSQL apply each migration once.
import { type Kysely, type Migration, Migrator } from 'kysely';
import type { DatabaseSchema } from './schema.ts';

const createClients: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('clients')
      .addColumn('id', 'varchar(255)', (column) => column.primaryKey())
      .addColumn('name', 'varchar(255)', (column) => column.notNull())
      .addColumn('status', 'integer', (column) => column.notNull())
      .addColumn('publishable_key', 'varchar(64)', (column) => column.notNull().unique())
      .addColumn('secret_key', 'varchar(64)', (column) => column.notNull().unique())
      .addColumn('domain', 'varchar(253)')
      .addColumn('email', 'varchar(254)')
      .addColumn('phone', 'varchar(32)')
      .addColumn('website', 'varchar(255)')
      .addColumn('timezone', 'varchar(64)', (column) => column.notNull())
      .addColumn('global_name', 'varchar(255)')
      .addColumn('company_id', 'varchar(255)')
      .addColumn('agency_id', 'varchar(255)')
      .addColumn('api_metadata', 'text', (column) => column.notNull())
      .addColumn('ghl_location_id', 'varchar(255)')
      .addColumn('proxy_api_key', 'varchar(255)')
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .addColumn('version', 'integer', (column) => column.notNull().defaultTo(1))
      .execute();

    // Keyset pagination walks (created_at, id); the filters of List clients use the others.
    await db.schema
      .createIndex('clients_created_at_id')
      .on('clients')
      .columns(['created_at', 'id'])
      .execute();
    await db.schema.createIndex('clients_company_id').on('clients').column('company_id').execute();
    await db.schema.createIndex('clients_agency_id').on('clients').column('agency_id').execute();
  },
};

const createIdempotencyKeys: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('idempotency_keys')
      .addColumn('key', 'varchar(255)', (column) => column.primaryKey())
      .addColumn('request_hash', 'varchar(64)', (column) => column.notNull())
      .addColumn('status', 'integer', (column) => column.notNull())
      .addColumn('response', 'text')
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .execute();
  },
};

// Expired keys are purged by age.
const indexIdempotencyAge: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex('idempotency_keys_created_at')
      .on('idempotency_keys')
      .column('created_at')
      .execute();
  },
};

// Keys belong to the caller that sent them, and keep the created client's id instead of the
// answer (which held its keys). Keys kept before cannot be given a caller, so they are dropped:
// a retry of one creates its client anew.
const scopeIdempotencyKeys: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.dropTable('idempotency_keys').execute();
    await db.schema
      .createTable('idempotency_keys')
      .addColumn('scope', 'varchar(64)', (column) => column.notNull())
      .addColumn('key', 'varchar(255)', (column) => column.notNull())
      .addColumn('request_hash', 'varchar(64)', (column) => column.notNull())
      .addColumn('status', 'integer', (column) => column.notNull())
      .addColumn('client_id', 'varchar(255)')
      .addColumn('client_created_at', 'bigint')
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('idempotency_keys_pkey', ['scope', 'key'])
      .execute();
    await db.schema
      .createIndex('idempotency_keys_created_at')
      .on('idempotency_keys')
      .column('created_at')
      .execute();
  },
};

const migrations: Record<string, Migration> = {
  '0001_clients': createClients,
  '0002_idempotency_keys': createIdempotencyKeys,
  '0003_idempotency_keys_created_at': indexIdempotencyAge,
  '0004_idempotency_keys_scope': scopeIdempotencyKeys,
};

/** Brings the database up to the latest schema; throws when a migration fails. */
export async function migrateToLatest(db: Kysely<DatabaseSchema>): Promise<void> {
  // Migrations see the database as it was when they were written, not as the schema is now.
  const unknownDb = db as unknown as Kysely<unknown>;
  const migrator = new Migrator({
    db: unknownDb,
    provider: { getMigrations: async () => migrations },
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}
