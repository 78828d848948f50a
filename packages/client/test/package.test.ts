// The package as another repository sees it: packed by pnpm, installed by npm outside the
// workspace, type-checked, run with import and require against a real server, linted.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Imported by path, not by name: the server already depends on the client for its own tests.
import { type RunningServer, startServer } from '../../server/src/index.ts';
import { cjsConsumer, esmConsumer, typedConsumer } from './consumer/calls.ts';

const run = promisify(execFile);
const packageDir = resolve(import.meta.dirname, '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const adminKey = 'consumer-admin-key-0123456789abcdef';

let project: string;
let tarball: string;
let server: RunningServer;

/** Runs a command; a failure shows its output instead of a bare exit code. */
async function sh(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  try {
    return await run(command, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 1 << 24 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout}\n${stderr}`);
  }
}

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'mythic-consumer-'));
  // prepack builds dist first, so the tarball is what a clean clone would publish.
  await sh('pnpm', ['pack', '--pack-destination', project], packageDir);
  const { version } = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8'));
  tarball = join(project, `mythic-analytics-client-${version}.tgz`);

  await writeConsumerProject();
  // A cache of its own, so the install leaves nothing behind once the folder is gone.
  const npmCache = { npm_config_cache: join(project, '.npm-cache') };
  const install = ['install', tarball, '--no-audit', '--no-fund', '--loglevel=error'];
  await sh('npm', install, project, npmCache);

  server = await startServer({
    port: 0,
    databaseUrl: `sqlite:${join(project, 'mythic.db')}`,
    adminKeys: [adminKey],
    logLevel: 'silent',
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  if (project) await rm(project, { recursive: true, force: true });
});

async function writeConsumerProject() {
  const tsconfig = {
    compilerOptions: {
      module: 'nodenext',
      moduleResolution: 'nodenext',
      target: 'ES2022',
      lib: ['ES2022', 'DOM'],
      types: [],
      strict: true,
      // The strictest projects tell an absent option from one set to undefined.
      exactOptionalPropertyTypes: true,
      noEmit: true,
      skipLibCheck: false,
    },
    files: ['typed.mts', 'typed.cts'],
  };
  const files = {
    'package.json': JSON.stringify({ name: 'mythic-consumer', private: true }),
    'tsconfig.json': JSON.stringify(tsconfig),
    'typed.mts': typedConsumer,
    'typed.cts': typedConsumer,
    'consumer.mjs': esmConsumer,
    'consumer.cjs': cjsConsumer,
  };
  for (const [name, text] of Object.entries(files)) await writeFile(join(project, name), text);
}

// Each step spawns a tool (tsc, npm, publint, attw) that takes seconds on two cores.
describe('the packed package', { timeout: 60_000 }, () => {
  it('ships dist and the README, with exports pointed at dist', async () => {
    const installed = join(project, 'node_modules/@mythic-analytics/client/package.json');
    const manifest = JSON.parse(await readFile(installed, 'utf8'));

    expect(manifest.exports['.']).toEqual({
      import: { types: './dist/index.d.mts', default: './dist/index.mjs' },
      require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
    });
    expect(manifest.dependencies).toEqual({ 'openapi-fetch': expect.any(String) });
    const { stdout } = await sh('tar', ['-tzf', tarball], project);
    expect(stdout.split('\n').filter(Boolean).sort()).toEqual([
      'package/README.md',
      'package/dist/index.cjs',
      'package/dist/index.d.cts',
      'package/dist/index.d.mts',
      'package/dist/index.mjs',
      'package/package.json',
    ]);
  });

  it('type-checks a consumer under nodenext, for import and for require', async () => {
    const { stdout } = await sh(process.execPath, [tsc, '-p', project], project);
    expect(stdout).toBe('');
  });

  it.each([
    ['import', 'consumer.mjs'],
    ['require', 'consumer.cjs'],
  ])('runs against a real server with %s', async (kind, file) => {
    const env = { BASE_URL: server.baseUrl, ADMIN_KEY: adminKey, MODULE_KIND: kind };
    const { stdout } = await sh(process.execPath, [file], project, env);

    expect(JSON.parse(stdout)).toEqual({
      health: 'ok',
      created: 201,
      id: expect.stringMatching(/^consumer-/),
      email: 'ops@acme-retail.com',
      listed: true,
      unauthorized: 401,
      networkError: { isClass: true, requestId: expect.any(String) },
    });
  });

  it('passes publint with no message', async () => {
    const { stdout } = await sh(
      'pnpm',
      ['exec', 'publint', 'run', tarball, '--strict'],
      packageDir,
    );
    expect(stdout).toContain('All good!');
  });

  it('passes attw with no problem', async () => {
    const { stdout } = await sh('pnpm', ['exec', 'attw', tarball, '--format', 'json'], packageDir);
    expect(JSON.parse(stdout).analysis.problems).toEqual([]);
  });

  it('refuses to be packed by npm, which would keep exports pointed at the sources', async () => {
    // Run by pnpm, this test inherits its user agent; npm would take it as its own.
    const { npm_config_user_agent: _pnpm, ...env } = process.env;
    const packed = run('npm', ['pack', '--dry-run'], { cwd: packageDir, env });
    await expect(packed).rejects.toMatchObject({
      stderr: expect.stringContaining('is packed and published with pnpm'),
    });
  });
});
