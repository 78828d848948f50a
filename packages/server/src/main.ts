// `pnpm start`: the server configured from the environment, stopped cleanly by SIGTERM/SIGINT.
import { ensureAdminKey } from './admin-key.ts';
import { type Config, ConfigError, loadConfig, maskPassword } from './config.ts';
import { startServer } from './server.ts';

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

/** The kept admin key, generated on first start; a new key is shown once, on stdout only. */
function keptAdminKey(config: Config): string[] {
  const stored = ensureAdminKey(config.dataDir);
  if (stored.created) {
    process.stdout.write(
      `Generated an admin key (kept in ${stored.path}, shown only this once):\n  ${stored.key}\n`,
    );
  }
  return [stored.key];
}

function main(): void {
  const config = readConfig();
  const starting = startServer({
    port: config.port,
    host: config.host,
    databaseUrl: config.databaseUrl,
    adminKeys: config.adminKeys,
    adminKeysOnceMigrated: () => keptAdminKey(config),
    logLevel: config.logLevel,
    validateResponses: config.validateResponses,
    rateLimit: config.rateLimitPerMinute > 0 ? { perMinute: config.rateLimitPerMinute } : false,
    corsOrigins: config.corsOrigins,
    trustProxy: config.trustProxy,
  });
  starting.catch((error: unknown) => {
    const message = maskPassword(String((error as Error).message ?? error));
    process.stderr.write(`The server could not start: ${message}\n`);
    process.exit(1);
  });

  // Installed before the server listens, so that a signal during start-up also stops cleanly.
  // A signal to the process group may arrive twice (directly and relayed by tsx): the handler
  // stays installed, or the second one would kill the process at once.
  const stop = () => {
    starting
      .then((server) => server.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
