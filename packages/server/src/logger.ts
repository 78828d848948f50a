// The structured logger. Credentials, secret keys and proxy keys are redacted wherever they
// appear, as a second line of defence: request logs never include headers or bodies anyway.
import { type Logger, pino } from 'pino';

const SECRET_FIELDS = [
  'authorization',
  'Authorization',
  'x-api-key',
  'X-API-Key',
  'secret_key',
  'proxy_api_key',
  'adminKeys',
];

/** Every secret field at the top level and up to three levels down. */
const REDACTED_PATHS = SECRET_FIELDS.flatMap((field) => {
  const key = field.includes('-') ? `["${field}"]` : `.${field}`;
  return [key.replace(/^\./, ''), `*${key}`, `*.*${key}`, `*.*.*${key}`];
});

export function createLogger(level: string, stream?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    base: { service: 'mythic-analytics-server' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return stream ? pino(options, stream) : pino(options);
}
