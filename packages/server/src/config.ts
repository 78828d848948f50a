// Reads the server's configuration from the environment and checks every value, so that a bad
// one stops the start with a message naming it instead of failing later.
import { dirname, isAbsolute, resolve } from 'node:path';
import { isPostgresUrl, sqlitePath } from './db/database.ts';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  /** Undefined when MYTHIC_ADMIN_KEYS is unset: the server then keeps a generated key. */
  adminKeys: string[] | undefined;
  logLevel: string;
  validateResponses: boolean;
  corsOrigins: string[] | '*';
  /** 0 switches the limit off. */
  rateLimitPerMinute: number;
  /** Where a generated admin key is kept: the SQLite file's folder, else `<root>/data`. */
  dataDir: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const MIN_ADMIN_KEY_LENGTH = 16;

/** Where relative paths start: the folder `pnpm` was run from, else the current one. */
function baseDir(env: Env): string {
  return env.INIT_CWD ?? process.cwd();
}

export function defaultDatabaseUrl(env: Env): string {
  return `sqlite:${resolve(baseDir(env), 'data', 'mythic.db')}`;
}

/** Reads one variable; `read` returns the value, or a string starting with '!' as a problem. */
class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  read<T>(name: string, fallback: T, parse: (raw: string) => T | Error): T {
    const raw = this.env[name]?.trim();
    if (raw === undefined || raw === '') return fallback;
    const value = parse(raw);
    if (!(value instanceof Error)) return value;
    this.problems.push(`${name}=${JSON.stringify(raw)}: ${value.message}`);
    return fallback;
  }
}

function parsePort(raw: string): number | Error {
  const port = Number(raw);
  if (/^\d+$/.test(raw) && port <= 65535) return port;
  return new Error('must be a whole number from 0 to 65535');
}

function parseDatabaseUrl(env: Env) {
  return (raw: string): string | Error => {
    const path = sqlitePath(raw);
    if (path === '') return new Error('sqlite: needs a file path, as in sqlite:./data/mythic.db');
    if (path !== undefined) {
      return path === ':memory:' || isAbsolute(path)
        ? raw
        : `sqlite:${resolve(baseDir(env), path)}`;
    }
    if (isPostgresUrl(raw) && URL.canParse(raw)) return raw;
    return new Error('must be sqlite:<path> or postgres://user:password@host:port/database');
  };
}

function parseAdminKeys(raw: string): string[] | Error {
  const keys = raw
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key !== '');
  if (keys.length === 0) return new Error('lists no key');
  if (keys.some((key) => key.length < MIN_ADMIN_KEY_LENGTH || /\s/.test(key))) {
    return new Error(`each key needs at least ${MIN_ADMIN_KEY_LENGTH} characters and no spaces`);
  }
  return keys;
}

function parseLogLevel(raw: string): string | Error {
  return LOG_LEVELS.includes(raw) ? raw : new Error(`must be one of ${LOG_LEVELS.join(', ')}`);
}

function parseSwitch(raw: string): boolean | Error {
  if (/^(true|1|yes|on)$/i.test(raw)) return true;
  if (/^(false|0|no|off)$/i.test(raw)) return false;
  return new Error('must be true or false');
}

function parseOrigins(raw: string): string[] | '*' | Error {
  if (raw === '*') return '*';
  const origins = raw
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  const bad = origins.find((origin) => !/^https?:\/\/[^/\s]+$/.test(origin));
  return bad ? new Error(`${bad} is not an origin such as https://app.example.com`) : origins;
}

function parseCount(raw: string): number | Error {
  return /^\d+$/.test(raw) ? Number(raw) : new Error('must be a whole number (0 switches it off)');
}

export function loadConfig(env: Env = process.env): Config {
  const reader = new EnvReader(env);
  const production = env.NODE_ENV === 'production';
  const databaseUrl = reader.read('DATABASE_URL', defaultDatabaseUrl(env), parseDatabaseUrl(env));
  const config: Config = {
    port: reader.read('PORT', 3000, parsePort),
    host: reader.read('HOST', '0.0.0.0', (raw) => raw),
    databaseUrl,
    adminKeys: reader.read<string[] | undefined>('MYTHIC_ADMIN_KEYS', undefined, parseAdminKeys),
    logLevel: reader.read('LOG_LEVEL', 'info', parseLogLevel),
    validateResponses: reader.read('VALIDATE_RESPONSES', !production, parseSwitch),
    corsOrigins: reader.read<string[] | '*'>('CORS_ORIGINS', [], parseOrigins),
    rateLimitPerMinute: reader.read('RATE_LIMIT_PER_MINUTE', 600, parseCount),
    dataDir: dataDirOf(databaseUrl, env),
  };

  if (production && config.adminKeys === undefined && env.MYTHIC_ADMIN_KEYS === undefined) {
    reader.problems.push('MYTHIC_ADMIN_KEYS must be set when NODE_ENV=production');
  }
  if (reader.problems.length > 0) throw new ConfigError(reader.problems);
  return config;
}

function dataDirOf(databaseUrl: string, env: Env): string {
  const path = sqlitePath(databaseUrl);
  if (path === undefined || path === ':memory:') return resolve(baseDir(env), 'data');
  return dirname(path);
}
