// Starts the API: opens and migrates the database, builds the app and its validators, listens,
// and stops in order (no new connections, in-flight requests finished, database closed).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { API_BASE, type CorsOrigins, createApp, type TrustProxy } from './app.ts';
import { defaultDatabaseUrl } from './config.ts';
import { type BackgroundErrorHandler, type Database, openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrations.ts';
import { createLogger } from './logger.ts';
import { loadSpec } from './spec.ts';
import { warmUp } from './warmup.ts';

export interface RateLimitOptions {
  /** Requests per minute allowed to one credential, counted by each instance on its own. */
  perMinute: number;
}

export interface ServerOptions {
  /** 0 picks any free port. Default 3000. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** `sqlite:<path>` or `postgres://…`; default `sqlite:./data/mythic.db`. */
  databaseUrl?: string;
  adminKeys?: string[];
  /**
   * Without `adminKeys`: called once the database is open and migrated, for the keys to accept
   * (so a server that cannot reach its database generates no key).
   */
  adminKeysOnceMigrated?: () => string[];
  /** A pino level; default `info`, `silent` under Vitest. */
  logLevel?: string;
  /** Where log lines go; default stdout. */
  logStream?: NodeJS.WritableStream;
  /** Default on. */
  validateResponses?: boolean;
  /** Default false (no limit). */
  rateLimit?: false | RateLimitOptions;
  /** Origins allowed from a browser (`local`: any loopback origin); default none. */
  corsOrigins?: CorsOrigins;
  /** Express's `trust proxy`; default false (the TCP peer is the client). */
  trustProxy?: TrustProxy;
  /** The rendered reference served at /docs; default the contract's. */
  docsPath?: string;
  /** How long close() waits for in-flight requests before cutting them; default 10 s. */
  shutdownTimeoutMs?: number;
}

export interface RunningServer {
  /** http://HOST:PORT */
  origin: string;
  /** origin + '/api/v1' */
  baseUrl: string;
  port: number;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** Stops accepting, lets in-flight requests finish (cut after the timeout), frees the port. */
function stopListening(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const cutOff = setTimeout(() => server.closeAllConnections(), timeoutMs);
    server.close(() => {
      clearTimeout(cutOff);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** The host to put in URLs: a wildcard address is reached on the loopback interface. */
function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Migrates on PostgreSQL through a pool of its own without the request timeouts: waiting for
 * another instance's migration lock, or rewriting a large table, may take longer than a request.
 */
async function migrate(database: Database, url: string, onLost: BackgroundErrorHandler) {
  if (database.engine !== 'postgres') return migrateToLatest(database.db);
  const migrating = openDatabase(url, onLost, { timeouts: false });
  try {
    await migrateToLatest(migrating.db);
  } finally {
    await migrating.db.destroy();
  }
}

/** The database, migrated; closed again if the migrations fail. */
async function openMigratedDatabase(databaseUrl: string, logger: Logger): Promise<Database> {
  const onLost: BackgroundErrorHandler = (error) =>
    logger.warn({ err: error }, 'idle database connection lost');
  const database = openDatabase(databaseUrl, onLost);
  try {
    await migrate(database, databaseUrl, onLost);
    return database;
  } catch (error) {
    await database.db.destroy();
    throw error;
  }
}

function appFor(options: ServerOptions, database: Database, logger: Logger): Express {
  return createApp({
    database,
    spec: loadSpec(),
    logger,
    adminKeys: options.adminKeys ?? [],
    validateResponses: options.validateResponses ?? true,
    rateLimitPerMinute: options.rateLimit ? options.rateLimit.perMinute : false,
    corsOrigins: options.corsOrigins ?? [],
    trustProxy: options.trustProxy ?? false,
    ...(options.docsPath === undefined ? {} : { docsPath: options.docsPath }),
  });
}

/** The app, warmed up, served on the configured port. */
async function serve(server: Server, app: Express, options: ServerOptions) {
  await warmUp(app, options.adminKeys?.[0]);
  server.on('request', app);
  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, options.port ?? 3000, host);
  return { origin: `http://${reachableHost(host)}:${port}`, port };
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const level = options.logLevel ?? (process.env.VITEST ? 'silent' : 'info');
  const logger = createLogger(level, options.logStream);
  const databaseUrl = options.databaseUrl ?? defaultDatabaseUrl(process.env);
  const database = await openMigratedDatabase(databaseUrl, logger);

  const server = createServer();
  try {
    const adminKeys = options.adminKeys ?? options.adminKeysOnceMigrated?.() ?? [];
    const settled = { ...options, adminKeys };
    const { origin, port } = await serve(server, appFor(settled, database, logger), settled);
    logger.info({ origin, database: database.engine }, 'listening');

    const stop = async () => {
      await stopListening(server, options.shutdownTimeoutMs ?? 10_000);
      await database.db.destroy();
      logger.info('stopped');
    };
    let closing: Promise<void> | undefined;
    const close = () => (closing ??= stop());
    return { origin, baseUrl: `${origin}${API_BASE}`, port, close };
  } catch (error) {
    await database.db.destroy();
    throw error;
  }
}
