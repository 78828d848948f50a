// The structured logger. Request logs never include headers or bodies; as a second line of
// defence, fields named like a credential or key are redacted down to the fourth level.
import { type Logger, pino } from 'pino';

const SECRET_FIELDS = [
  'authorization',
  'Authorization',
  'x-api-key',
  'X-API-Key',
  'secret_key',
  'proxy_api_key',
  'adminKeys',
  'password',
];

/** Every secret field at the top level and up to three levels down. */
const REDACTED_PATHS = SECRET_FIELDS.flatMap((field) => {
  const key = field.includes('-') ? `["${field}"]` : `.${field}`;
  return [key.replace(/^\./, ''), `*${key}`, `*.*${key}`, `*.*.*${key}`];
});

/**
 * Errors are logged by name, message, code and stack only: driver errors carry their connection
 * (with its password) and sometimes the values of a query as properties of their own.
 */
function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code } = error as { code?: unknown };
  return {
    type: error.name,
    message: error.message,
    ...(code === undefined ? {} : { code }),
    stack: error.stack,
    ...(error.cause === undefined ? {} : { cause: serializeError(error.cause) }),
  };
}

export function createLogger(level: string, stream?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    base: { service: 'mythic-analytics-server' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError },
  };
  return stream ? pino(options, stream) : pino(options);
}
