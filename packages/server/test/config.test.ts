// Configuration from the environment, the kept admin key, and `pnpm start` itself: bad values
// stop the start with a message naming them; SIGTERM stops a running server cleanly.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ensureAdminKey } from '../src/admin-key.ts';
import { ConfigError, loadConfig, maskPassword } from '../src/config.ts';

const tempDir = mkdtempSync(join(tmpdir(), 'mythic-config-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

const BASE = { INIT_CWD: tempDir };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...BASE, ...env });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('loadConfig', () => {
  it('has defaults that need no setting, with the database under <root>/data', () => {
    const config = loadConfig(BASE);
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: `sqlite:${join(tempDir, 'data', 'mythic.db')}`,
      adminKeys: undefined,
      logLevel: 'info',
      validateResponses: true,
      corsOrigins: 'local',
      rateLimitPerMinute: 600,
      dataDir: join(tempDir, 'data'),
    });
  });

  it.each([
    [{ PORT: '8080' }, { port: 8080 }],
    [{ DATABASE_URL: 'sqlite:./db/x.db' }, { databaseUrl: `sqlite:${join(tempDir, 'db/x.db')}` }],
    [
      { DATABASE_URL: 'postgres://u:p@db:5432/mythic' },
      { databaseUrl: 'postgres://u:p@db:5432/mythic' },
    ],
    [
      { MYTHIC_ADMIN_KEYS: ' key-one-0123456789, key-two-0123456789 ' },
      { adminKeys: ['key-one-0123456789', 'key-two-0123456789'] },
    ],
    [{ VALIDATE_RESPONSES: 'false' }, { validateResponses: false }],
    [
      { NODE_ENV: 'production', MYTHIC_ADMIN_KEYS: 'prod-key-0123456789' },
      { validateResponses: false },
    ],
    [{ CORS_ORIGINS: '*' }, { corsOrigins: '*' }],
    [{ NODE_ENV: 'production', MYTHIC_ADMIN_KEYS: 'prod-key-0123456789' }, { corsOrigins: [] }],
    [
      { CORS_ORIGINS: 'https://a.example,http://localhost:5173' },
      { corsOrigins: ['https://a.example', 'http://localhost:5173'] },
    ],
    [{ RATE_LIMIT_PER_MINUTE: '0' }, { rateLimitPerMinute: 0 }],
    [{}, { trustProxy: false }],
    [{ TRUST_PROXY: 'true' }, { trustProxy: true }],
    [{ TRUST_PROXY: '1' }, { trustProxy: 1 }],
    [{ TRUST_PROXY: 'loopback, 10.0.0.0/8' }, { trustProxy: 'loopback, 10.0.0.0/8' }],
  ])('reads %j', (env, want) => {
    expect(loadConfig({ ...BASE, ...env })).toMatchObject(want);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '-1' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://db/mythic' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'sqlite:' }, 'DATABASE_URL'],
    [{ MYTHIC_ADMIN_KEYS: 'short' }, 'MYTHIC_ADMIN_KEYS'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ VALIDATE_RESPONSES: 'maybe' }, 'VALIDATE_RESPONSES'],
    [{ CORS_ORIGINS: 'example.com' }, 'CORS_ORIGINS'],
    [{ RATE_LIMIT_PER_MINUTE: 'lots' }, 'RATE_LIMIT_PER_MINUTE'],
    [{ NODE_ENV: 'production' }, 'MYTHIC_ADMIN_KEYS'],
    [{ NODE_ENV: 'production', MYTHIC_ADMIN_KEYS: '' }, 'MYTHIC_ADMIN_KEYS'],
    [{ NODE_ENV: 'production', MYTHIC_ADMIN_KEYS: '  ' }, 'MYTHIC_ADMIN_KEYS'],
  ])('rejects %j naming %s', (env, name) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
  });

  it('names a bad admin key by position and prints no key', () => {
    const good = 'a-valid-admin-key-0123456789';
    const problems = problemsOf({ MYTHIC_ADMIN_KEYS: `${good},short-secret` });
    expect(problems).toEqual([
      'MYTHIC_ADMIN_KEYS: key 2 of 2: each key needs at least 16 characters and no spaces',
    ]);
  });

  it.each([
    'mysql://mythic:hunter2-secret@db/mythic',
    'postgres://mythic:hunter2-secret@db:notaport/mythic',
  ])('masks the password of %s', (url) => {
    const [problem] = problemsOf({ DATABASE_URL: url });
    expect(problem).toContain('mythic:***@db');
    expect(problem).not.toContain('hunter2');
  });

  it.each([
    ['postgres://app:pa/ss@db/x', 'postgres://app:***@db/x'],
    ['postgres://app:p@ss@db:5432/x', 'postgres://app:***@db:5432/x'],
    ['postgres://app:pa:ss:@db/x', 'postgres://app:***@db/x'],
    ['postgres://app:p%40ss%2F@db/x', 'postgres://app:***@db/x'],
    ['postgres://app:@db/x', 'postgres://app:***@db/x'],
    ['postgres://app@db/x', 'postgres://app@db/x'],
    ['postgres://db/x', 'postgres://db/x'],
    [
      'could not reach postgres://app:s3cr/t@db/x: refused',
      'could not reach postgres://app:***@db/x: refused',
    ],
  ])('maskPassword(%s) is %s', (text, want) => {
    expect(maskPassword(text)).toBe(want);
  });

  it('lists every bad value at once', () => {
    expect(problemsOf({ PORT: 'x', LOG_LEVEL: 'y' })).toHaveLength(2);
  });
});

describe('the kept admin key', () => {
  it('is generated once with mode 0600 and reused afterwards', () => {
    const dataDir = join(tempDir, 'keys');
    const first = ensureAdminKey(dataDir);
    expect(first.created).toBe(true);
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
    expect(readFileSync(first.path, 'utf8').trim()).toBe(first.key);

    const second = ensureAdminKey(dataDir);
    expect(second).toEqual({ ...first, created: false });
  });
});

function toResponse(response: IncomingMessage): Promise<{ status: number }> {
  return new Promise((resolve) => {
    response.resume();
    response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
  });
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const PACKAGE_DIR = join(import.meta.dirname, '..');

/** The entry point in a Node process of its own (no tsx wrapper), so signals reach it alone. */
function spawnMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: PACKAGE_DIR,
    env: { PATH: process.env.PATH ?? '', HOME: tempDir, ...BASE, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Killed after each test, should an assertion fail before the test stops it.
  children.add(child);
  child.once('close', () => children.delete(child));
  return child;
}

/** Runs `pnpm start`'s entry point; `untilOutput` sends SIGTERM once stdout matches it. */
function runMain(env: Record<string, string>, untilOutput?: RegExp): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawnMain(env);
    const run: Run = { code: null, stdout: '', stderr: '' };
    child.stdout.on('data', (chunk) => {
      run.stdout += chunk;
      if (untilOutput?.test(run.stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk) => {
      run.stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ ...run, code }));
  });
}

/** Starts the entry point and resolves with the process and its origin once it listens. */
function startMain(env: Record<string, string>): Promise<{ child: ChildProcess; origin: string }> {
  return new Promise((resolve, reject) => {
    const child = spawnMain(env);
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const origin = /"origin":"([^"]+)".*"msg":"listening"/.exec(stdout)?.[1];
      if (origin) resolve({ child, origin });
    });
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`exited with ${code} before listening`)));
  });
}

const children = new Set<ChildProcess>();
afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
});

describe('pnpm start', () => {
  it.each([
    [{ PORT: 'eighty' }, /PORT="eighty": must be a whole number/],
    [
      { DATABASE_URL: 'mysql://db' },
      /DATABASE_URL="mysql:\/\/db": must be sqlite:<path> or postgres/,
    ],
    [{ NODE_ENV: 'production' }, /MYTHIC_ADMIN_KEYS must be set when NODE_ENV=production/],
  ])('refuses %j with a clear message and a non-zero exit', async (env, message) => {
    const run = await runMain(env);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(message);
  });

  it('prints a generated key once, serves, and exits 0 on SIGTERM', async () => {
    const env = { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${tempDir}/start/mythic.db` };
    const first = await runMain(env, /"msg":"listening"/);
    expect(first.code).toBe(0);
    const key = readFileSync(join(tempDir, 'start', 'admin-key'), 'utf8').trim();
    expect(first.stdout).toContain(key);
    expect(first.stdout).toMatch(/"msg":"stopped"/);

    const second = await runMain(env, /"msg":"listening"/);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain(key);
  });

  it('generates no key when PostgreSQL is not reachable, and prints no password', async () => {
    const root = join(tempDir, 'unreachable');
    const run = await runMain({
      INIT_CWD: root,
      DATABASE_URL: 'postgres://mythic:hunter2-secret@127.0.0.1:1/mythic',
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/could not start/);
    expect(`${run.stdout}${run.stderr}`).not.toContain('hunter2');
    expect(existsSync(join(root, 'data', 'admin-key'))).toBe(false);
  });

  it('keeps the database in a private folder, in files only its owner reads', async () => {
    const dir = join(tempDir, 'private', 'data');
    const run = await runMain(
      { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${dir}/mythic.db` },
      /"msg":"listening"/,
    );
    expect(run.code).toBe(0);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const file of ['mythic.db', 'admin-key']) {
      expect(statSync(join(dir, file)).mode & 0o777, file).toBe(0o600);
    }
  });

  it('finishes a request in flight when SIGTERM arrives', async () => {
    const key = 'drain-test-key-0123456789';
    const { child, origin } = await startMain({
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(tempDir, 'drain', 'mythic.db')}`,
      MYTHIC_ADMIN_KEYS: key,
    });
    const answer = new Promise<{ status: number }>((resolve, reject) => {
      const request = http.request(`${origin}/api/v1/clients`, {
        method: 'POST',
        headers: { 'x-api-key': key, 'content-type': 'application/json', 'content-length': 18 },
      });
      request.on('response', (response) => resolve(toResponse(response)));
      request.on('error', reject);
      // Half the body now; the rest once the server was told to stop.
      request.write('{"name":');
      setTimeout(() => {
        child.kill('SIGTERM');
        setTimeout(() => request.end('"Drained"}'), 300);
      }, 200);
    });
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    expect((await answer).status).toBe(201);
    expect(await exited).toBe(0);
  });

  it('loses no answered write when the process is killed', async () => {
    const path = join(tempDir, 'killed', 'mythic.db');
    const env = { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${path}` };
    const { child, origin } = await startMain({
      ...env,
      MYTHIC_ADMIN_KEYS: 'kill-test-key-0123456789',
    });
    const created = await fetch(`${origin}/api/v1/clients`, {
      method: 'POST',
      headers: { 'x-api-key': 'kill-test-key-0123456789', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Survivor' }),
    });
    expect(created.status).toBe(201);

    const exited = new Promise((resolve) => child.once('close', resolve));
    child.kill('SIGKILL');
    await exited;
    const database = new SqliteDatabase(path, { readonly: true });
    expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(database.prepare('select name from clients').all()).toEqual([{ name: 'Survivor' }]);
    database.close();
  });
});
