// Reads the server's configuration from the environment and checks every value, so that a bad
// one stops the start with a message naming it instead of failing later.
import { dirname, isAbsolute, resolve } from 'node:path';
import type { CorsOrigins, TrustProxy } from './app.ts';
import { isPostgresUrl, sqlitePath } from './db/database.ts';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  /** Undefined when MYTHIC_ADMIN_KEYS is unset: the server then keeps a generated key. */
  adminKeys: string[] | undefined;
  logLevel: string;
  validateResponses: boolean;
  corsOrigins: CorsOrigins;
  /** 0 switches the limit off. */
  rateLimitPerMinute: number;
  trustProxy: TrustProxy;
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

/**
 * Text as it may be printed: the password of every URL in it replaced by `***`. A password
 * may hold `/`, `@` or `:` as typed, so everything up to the URL's last `@` is userinfo.
 */
export function maskPassword(text: string): string {
  return text.replace(
    /\b([a-z][a-z0-9+.-]*:\/\/)(\S*)@/gi,
    (_, scheme: string, userinfo: string) => {
      const colon = userinfo.indexOf(':');
      return colon < 0 ? `${scheme}${userinfo}@` : `${scheme}${userinfo.slice(0, colon)}:***@`;
    },
  );
}

/**
 * Reads one variable: `parse` returns the value, or an Error whose message becomes a problem.
 * A problem quotes the raw value through `shown`, which hides what must not be printed.
 */
class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  read<T>(
    name: string,
    fallback: T,
    parse: (raw: string) => T | Error,
    shown: (raw: string) => string | undefined = (raw) => raw,
  ): T {
    const raw = this.env[name]?.trim();
    if (raw === undefined || raw === '') return fallback;
    const value = parse(raw);
    if (!(value instanceof Error)) return value;
    const quoted = shown(raw);
    const subject = quoted === undefined ? name : `${name}=${JSON.stringify(quoted)}`;
    this.problems.push(`${subject}: ${value.message}`);
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

/** The keys of MYTHIC_ADMIN_KEYS; a problem names a bad key by position, never by value. */
function parseAdminKeys(raw: string): string[] | Error {
  const items = raw.split(',').map((key) => key.trim());
  const keys = items.filter((key) => key !== '');
  if (keys.length === 0) return new Error('lists no key');
  const bad = keys
    .map((key, index) => (key.length < MIN_ADMIN_KEY_LENGTH || /\s/.test(key) ? index + 1 : 0))
    .filter((position) => position > 0);
  if (bad.length === 0) return keys;
  const which = bad.length === 1 ? `key ${bad[0]}` : `keys ${bad.join(', ')}`;
  return new Error(
    `${which} of ${keys.length}: each key needs at least ${MIN_ADMIN_KEY_LENGTH} characters ` +
      'and no spaces',
  );
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

/** `true`/`false`, a number of proxy hops, or addresses and subnets (`loopback,10.0.0.0/8`). */
function parseTrustProxy(raw: string): TrustProxy {
  const asSwitch = parseSwitch(raw);
  if (!(asSwitch instanceof Error) && !/^\d+$/.test(raw)) return asSwitch;
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

function parseCount(raw: string): number | Error {
  return /^\d+$/.test(raw) ? Number(raw) : new Error('must be a whole number (0 switches it off)');
}

/** MYTHIC_ADMIN_KEYS, never quoted in a problem; production needs it set and not empty. */
function readAdminKeys(reader: EnvReader, env: Env): string[] | undefined {
  const keys = reader.read<string[] | undefined>(
    'MYTHIC_ADMIN_KEYS',
    undefined,
    parseAdminKeys,
    () => undefined,
  );
  if (env.NODE_ENV === 'production' && !env.MYTHIC_ADMIN_KEYS?.trim()) {
    reader.problems.push('MYTHIC_ADMIN_KEYS must be set when NODE_ENV=production');
  }
  return keys;
}

export function loadConfig(env: Env = process.env): Config {
  const reader = new EnvReader(env);
  const production = env.NODE_ENV === 'production';
  const defaultUrl = defaultDatabaseUrl(env);
  const databaseUrl = reader.read('DATABASE_URL', defaultUrl, parseDatabaseUrl(env), maskPassword);
  const config: Config = {
    port: reader.read('PORT', 3000, parsePort),
    host: reader.read('HOST', '0.0.0.0', (raw) => raw),
    databaseUrl,
    adminKeys: readAdminKeys(reader, env),
    logLevel: reader.read('LOG_LEVEL', 'info', parseLogLevel),
    validateResponses: reader.read('VALIDATE_RESPONSES', !production, parseSwitch),
    // Outside production a frontend on any loopback port may call, the mock's or a local server.
    corsOrigins: reader.read<CorsOrigins>('CORS_ORIGINS', production ? [] : 'local', parseOrigins),
    rateLimitPerMinute: reader.read('RATE_LIMIT_PER_MINUTE', 600, parseCount),
    trustProxy: reader.read<TrustProxy>('TRUST_PROXY', false, parseTrustProxy),
    dataDir: dataDirOf(databaseUrl, env),
  };
  if (reader.problems.length > 0) throw new ConfigError(reader.problems);
  return config;
}

function dataDirOf(databaseUrl: string, env: Env): string {
  const path = sqlitePath(databaseUrl);
  if (path === undefined || path === ':memory:') return resolve(baseDir(env), 'data');
  return dirname(path);
}
