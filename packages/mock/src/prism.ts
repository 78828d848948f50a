// Runs the real Prism CLI as a child process on a free loopback port, restarts it when it dies
// (a request Prism cannot handle may crash it), and stops it again.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { specPath } from '@mythic-analytics/contract';

// Prism is ready in about 2 s; several starting at once on a busy machine take far longer.
const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 3_000;
const OUTPUT_KEPT_CHARS = 4_000;

/** The seed of dynamic mode unless one is given: the same seed, the same generated answers. */
export const DEFAULT_SEED = 'mythic-analytics';

export interface PrismOptions {
  dynamic: boolean;
  seed: string;
  /** Where Prism's own log goes (one line per request); without it, Prism logs only errors. */
  log?: NodeJS.WritableStream;
}

export interface PrismProcess {
  port: number;
  pid: number | undefined;
  /** Resolves when the child exits, for whatever reason. */
  exited: Promise<string>;
  stop(): Promise<void>;
}

/** Prism kept running: the port of the live child, waiting while it restarts. */
export interface SupervisedPrism {
  port(): Promise<number>;
  /** The live child's process id, when one runs. */
  pid(): number | undefined;
  stop(): Promise<void>;
}

/** The JavaScript entry of the installed Prism CLI, run with this Node rather than a shell shim. */
function prismEntry(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('@stoplight/prism-cli/package.json');
  const manifest = require(manifestPath) as { bin: Record<string, string> };
  return join(dirname(manifestPath), manifest.bin.prism ?? 'dist/index.js');
}

async function freeLoopbackPort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}

function prismArguments(port: number, options: PrismOptions): string[] {
  const args = ['mock', specPath, '--host', '127.0.0.1', '--port', String(port)];
  // The front answers CORS itself: Prism's `Allow-Headers: *` does not cover Authorization.
  args.push('--cors=false', '--verboseLevel', options.log ? 'info' : 'error');
  if (options.dynamic) {
    // Without fillProperties=false, generated objects gain random extra properties.
    args.push('--dynamic', '--seed', options.seed, '--json-schema-faker-fillProperties=false');
  }
  return args;
}

/** Keeps the end of what Prism printed, for the error message when it fails to start. */
function captureOutput(child: ChildProcess, log?: NodeJS.WritableStream): () => string {
  let kept = '';
  const keep = (chunk: Buffer) => {
    kept = (kept + chunk.toString('utf8')).slice(-OUTPUT_KEPT_CHARS);
    log?.write(chunk);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => kept.trim();
}

async function answers(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`, {
      signal: AbortSignal.timeout(1000),
    });
    await response.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

async function waitUntilAnswering(port: number, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`Prism exited (code ${child.exitCode}) before answering:\n${output()}`);
    }
    if (await answers(port)) return;
    await sleep(100);
  }
  const seconds = READY_TIMEOUT_MS / 1000;
  throw new Error(`Prism did not answer on port ${port} within ${seconds} s:\n${output()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

/** Starts Prism on the bundled spec and resolves once it answers HTTP requests. */
export async function startPrism(options: PrismOptions): Promise<PrismProcess> {
  const port = await freeLoopbackPort();
  const child = spawn(process.execPath, [prismEntry(), ...prismArguments(port, options)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = captureOutput(child, options.log);
  // Should the parent exit without calling stop(), Prism must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);

  const exited = once(child, 'exit').then(([code, signal]) => {
    process.off('exit', killOnExit);
    return signal ? `signal ${signal}` : `code ${code}`;
  });

  const stop = async () => {
    process.off('exit', killOnExit);
    await stopChild(child);
  };
  try {
    await waitUntilAnswering(port, child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, pid: child.pid, exited, stop };
}

/**
 * Starts Prism and starts it again whenever it exits on its own, with a line on the log (or on
 * stderr without one). When a restart fails, port() rejects with the reason.
 */
export function supervisePrism(options: PrismOptions): SupervisedPrism {
  const notices = options.log ?? process.stderr;
  let stopping = false;
  let current: PrismProcess | undefined;

  const launch = (): Promise<PrismProcess> =>
    startPrism(options).then((prism) => {
      current = prism;
      void prism.exited.then((how) => {
        if (stopping) return;
        current = undefined;
        notices.write(`Prism exited (${how}); restarting it\n`);
        running = launch();
        running.catch((error: Error) => {
          notices.write(`Prism could not be restarted: ${error.message}\n`);
        });
      });
      return prism;
    });

  let running = launch();
  return {
    port: () => running.then((prism) => prism.port),
    pid: () => current?.pid,
    stop: async () => {
      stopping = true;
      const prism = await running.catch(() => undefined);
      await prism?.stop();
    },
  };
}
