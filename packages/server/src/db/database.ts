// Opens the database named by a DATABASE_URL: `sqlite:<path>` through better-sqlite3 or
// `postgres://…` through a pg pool, both behind one Kysely instance.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseSchema } from './schema.ts';

export type Engine = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DatabaseSchema>;
  engine: Engine;
}

const BIGINT_OID = 20;

/** Where a `sqlite:` URL points, or undefined for another scheme. */
export function sqlitePath(databaseUrl: string): string | undefined {
  return databaseUrl.startsWith('sqlite:') ? databaseUrl.slice('sqlite:'.length) : undefined;
}

export function isPostgresUrl(databaseUrl: string): boolean {
  return /^postgres(ql)?:\/\//.test(databaseUrl);
}

/** Told about failures outside any request, such as PostgreSQL dropping an idle connection. */
export type BackgroundErrorHandler = (error: Error) => void;

export interface OpenOptions {
  /**
   * Whether PostgreSQL statements are cut after 10 s (15 s on the client side); default true.
   * Off for migrations, which may wait for another instance's lock or rewrite a large table.
   */
  timeouts?: boolean;
}

export function openDatabase(
  databaseUrl: string,
  onBackgroundError: BackgroundErrorHandler,
  { timeouts = true }: OpenOptions = {},
): Database {
  const path = sqlitePath(databaseUrl);
  if (path !== undefined) return { db: openSqlite(path), engine: 'sqlite' };
  if (isPostgresUrl(databaseUrl)) {
    return { db: openPostgres(databaseUrl, onBackgroundError, timeouts), engine: 'postgres' };
  }
  throw new Error('DATABASE_URL must start with sqlite: or postgres://');
}

/** The first 16 bytes of every SQLite database file. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Whether `path` is a file SQLite can open as a database: an empty one, or one of its own. */
function isSqliteFile(path: string): boolean {
  const stats = statSync(path);
  if (!stats.isFile()) return false;
  if (stats.size === 0) return true;
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  return head.equals(SQLITE_HEADER);
}

/**
 * The database file, created readable by its owner only in a folder only its owner may enter:
 * it holds every client's secret key. SQLite gives the -wal and -shm files the same mode. A file
 * that is already there is touched only once it is known to be a SQLite database, so that a
 * DATABASE_URL naming some other file leaves that file as it was.
 */
function privateFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(path, 'wx', 0o600));
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (!isSqliteFile(path)) {
    throw new Error(
      `DATABASE_URL names ${path}, which is not a SQLite database; name a new file or a database`,
    );
  }
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}

function openSqlite(path: string): Kysely<DatabaseSchema> {
  if (path !== ':memory:') privateFile(path);
  const database = new SqliteDatabase(path);

  // WAL lets readers run beside the writer. synchronous=FULL syncs the log at every commit, so
  // an answered write survives a killed process and a power loss too; NORMAL would survive only
  // the former, for more writes per second.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('busy_timeout = 5000');
  return new Kysely({ dialect: new SqliteDialect({ database }) });
}

function openPostgres(
  connectionString: string,
  onBackgroundError: BackgroundErrorHandler,
  timeouts: boolean,
): Kysely<DatabaseSchema> {
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    // An unreachable or stuck database fails a request in seconds (503) instead of holding it,
    // and every request behind it, open.
    connectionTimeoutMillis: 5_000,
    ...(timeouts ? { statement_timeout: 10_000, query_timeout: 15_000 } : {}),
    // Epoch milliseconds fit a JavaScript number; pg would hand bigint columns over as strings.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === BIGINT_OID ? Number : pg.types.getTypeParser(oid, format)) as never,
    },
  });
  // An idle connection the server drops must not crash the process: the pool replaces it, and
  // requests meanwhile fail (health answers 503) until the database is back.
  pool.on('error', onBackgroundError);
  return new Kysely({ dialect: new PostgresDialect({ pool }) });
}

/** Runs a trivial query; rejects when the database does not answer. */
export async function pingDatabase(db: Kysely<DatabaseSchema>): Promise<void> {
  await sql`select 1`.execute(db);
}
