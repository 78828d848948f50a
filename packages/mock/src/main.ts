// `pnpm mock` (static examples) and `pnpm mock:dynamic` (generated data): the mock on MOCK_PORT.
import { BASE_PATH, publicOrigin, startMock } from './index.ts';

const dynamic = process.argv.includes('--dynamic');
const port = Number(process.env.MOCK_PORT ?? 4010);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(
    `MOCK_PORT must be a port number (0-65535), not "${process.env.MOCK_PORT}"\n`,
  );
  process.exit(1);
}

const host = process.env.MOCK_HOST ?? '127.0.0.1';
try {
  const mock = await startMock({
    port,
    host,
    dynamic,
    seed: process.env.MOCK_SEED,
    log: process.stdout,
  });
  const mode = dynamic ? 'generated data' : "the spec's examples";
  const baseUrl = `${publicOrigin(host, Number(new URL(mock.origin).port))}${BASE_PATH}`;
  process.stdout.write(`Mock of the admin API at ${baseUrl} (${mode}). Ctrl-C stops it.\n`);

  const stop = () => void mock.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  process.stderr.write(`The mock did not start: ${(error as Error).message}\n`);
  process.exit(1);
}
