// The Express application: the order of the middlewares is the order a request meets them.
import { isUtf8 } from 'node:buffer';
import type { ErrorDetail } from '@mythic-analytics/contract';
import { routes } from '@mythic-analytics/contract/routes';
import cors from 'cors';
import express, { type Express, type RequestHandler, Router } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { authenticate } from './auth.ts';
import { bodyGuard, takesBody } from './body-guard.ts';
import { ClientsService } from './clients-service.ts';
import { type Database, pingDatabase } from './db/database.ts';
import { ApiError, errorHandler, noRouteMatches, unsupportedCharset } from './errors.ts';
import { addFieldRuleDetails, checkFieldRules } from './field-rules.ts';
import { requestLog } from './request-log.ts';
import { operationOf, routeGuard } from './route-guard.ts';
import { clientsRoutes } from './routes/clients.ts';
import { docsRoutes } from './routes/docs.ts';
import { healthRoutes } from './routes/health.ts';
import { API_BASE, type LoadedSpec } from './spec.ts';
import { openApiValidator } from './validator.ts';

export { API_BASE } from './spec.ts';

/** Origins allowed to call from a browser: a list, `*`, any loopback origin, or none (`[]`). */
export type CorsOrigins = string[] | '*' | 'local';

/**
 * Express's `trust proxy`: which proxies' X-Forwarded-For names the client (and so the address
 * failed authentications are counted by). `false` trusts none: the TCP peer is the client.
 */
export type TrustProxy = boolean | number | string;

export interface AppOptions {
  database: Database;
  spec: LoadedSpec;
  logger: Logger;
  adminKeys: readonly string[];
  validateResponses: boolean;
  /** Requests per minute per admin key (and failed authentications per address), or no limit. */
  rateLimitPerMinute: number | false;
  corsOrigins: CorsOrigins;
  trustProxy: TrustProxy;
  /** The rendered reference served at /docs; default the contract's. */
  docsPath?: string;
}

const LOOPBACK_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1)(:\d{1,5})?$/;

function corsMiddleware(origins: CorsOrigins): RequestHandler {
  const methods = new Set(routes.flatMap((route) => route.methods));
  return cors({
    origin: origins === 'local' ? LOOPBACK_ORIGIN : origins,
    methods: [...methods, 'HEAD'],
    allowedHeaders: [
      'Authorization',
      'X-API-Key',
      'Content-Type',
      'If-Match',
      'Idempotency-Key',
      'X-Request-Id',
      'Prefer',
    ],
    exposedHeaders: ['ETag', 'Retry-After', 'X-Request-Id', 'Allow'],
    maxAge: 600,
    // CORS only adds its headers: the route guard answers every OPTIONS, a preflight too, so that
    // OPTIONS is 204 with Allow on a path of the contract and 404 elsewhere in every setting.
    preflightContinue: true,
  });
}

/**
 * Refuses, before it is decoded, a body in a charset other than UTF-8 (which body-parser would
 * decode as it is named) and a body whose bytes are not UTF-8 (which it would decode as U+FFFD).
 */
function checkUtf8(_req: unknown, _res: unknown, body: Buffer, charset: string): void {
  if (charset !== 'utf-8') throw unsupportedCharset();
  if (!isUtf8(body)) {
    throw new ApiError(
      400,
      'The request body is not valid UTF-8; send the JSON text encoded as UTF-8',
    );
  }
}

/** A UTF-16 surrogate without its other half: no Unicode character, so nothing UTF-8 can store. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/** Whether a JSON value holds a lone surrogate in any string, name or value, at any depth. */
function holdsLoneSurrogate(value: unknown): boolean {
  // A stack rather than recursion: a 1 MiB body may nest deeper than the call stack goes.
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'string' && LONE_SURROGATE.test(item)) return true;
    if (typeof item === 'object' && item !== null) {
      for (const [name, inner] of Object.entries(item)) pending.push(name, inner);
    }
  }
  return false;
}

const ESCAPE_ADVICE = 'escape a character beyond U+FFFF as a pair, such as \\ud83d\\ude00';

/**
 * One detail per field of the body holding a lone surrogate (a `\ud800` escape without its
 * pair), which JSON.parse lets through; a field name holding one is named as `body`.
 */
function loneSurrogateDetails(body: unknown): ErrorDetail[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [];
  const details = new Map<string, ErrorDetail>();
  for (const [field, value] of Object.entries(body)) {
    if (holdsLoneSurrogate(field)) {
      const message = `A field name holds a lone surrogate, which is not text; ${ESCAPE_ADVICE}`;
      details.set('body', { field: 'body', message });
    } else if (holdsLoneSurrogate(value)) {
      const message = `${field} holds a lone surrogate, which is not text; ${ESCAPE_ADVICE}`;
      details.set(field, { field, message });
    }
  }
  return [...details.values()];
}

/**
 * Parses JSON and JSON Merge Patch bodies up to 1 MiB, for the operations that take one; Node
 * discards the unread body of any other once the answer is sent.
 */
function jsonBodies(): RequestHandler {
  const parse = express.json({
    type: ['application/json', 'application/merge-patch+json'],
    limit: '1mb',
    // Any JSON value is parsed, so that a body that is not an object meets the schema's answer.
    strict: false,
    verify: checkUtf8,
  });
  return (req, res, next) => {
    if (!takesBody(operationOf(res))) return next();
    parse(req, res, (error?: unknown) => {
      if (error) return next(error);
      const problems = loneSurrogateDetails(req.body);
      next(problems.length > 0 ? ApiError.badRequest(problems) : undefined);
    });
  };
}

/**
 * The operations of the contract. Paths, methods, credentials and body headers are judged
 * before the body is read; the validator and the field rules judge what was sent.
 */
function apiRouter(options: AppOptions): Router {
  const { database, spec } = options;
  const service = new ClientsService(database.db, database.engine);
  const router = Router();

  router.use(routeGuard());
  router.use(authenticate({ ...options, perMinute: options.rateLimitPerMinute }));
  router.use(bodyGuard(), jsonBodies());
  router.use(openApiValidator({ ...options, document: spec.document }));
  router.use(addFieldRuleDetails(), checkFieldRules());
  router.use(healthRoutes(database.engine, () => pingDatabase(database.db)));
  router.use(clientsRoutes(service, spec.defaultPageSize));
  return router;
}

export function createApp(options: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', options.trustProxy);

  app.use(requestLog(options.logger), helmet());
  if (options.corsOrigins === '*' || options.corsOrigins.length > 0) {
    app.use(corsMiddleware(options.corsOrigins));
  }
  app.use(docsRoutes(options.spec, options.docsPath));
  app.use(API_BASE, apiRouter(options));

  app.use((req) => {
    throw noRouteMatches(req);
  });
  app.use(errorHandler(options.logger));
  return app;
}
