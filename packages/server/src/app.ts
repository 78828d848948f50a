// The Express application: the order of the middlewares is the order a request meets them.
import cors from 'cors';
import express, { type Express, type RequestHandler, Router } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { ClientsService } from './clients-service.ts';
import { ClientsRepository } from './db/clients-repository.ts';
import { type Database, pingDatabase } from './db/database.ts';
import { IdempotencyRepository } from './db/idempotency-repository.ts';
import { ApiError, errorHandler } from './errors.ts';
import { rateLimit } from './rate-limit.ts';
import { requestLog } from './request-log.ts';
import { routeGuard } from './route-guard.ts';
import { clientsRoutes } from './routes/clients.ts';
import { docsRoutes } from './routes/docs.ts';
import { healthRoutes } from './routes/health.ts';
import type { LoadedSpec } from './spec.ts';
import { openApiValidator } from './validator.ts';

export const API_BASE = '/api/v1';

export interface AppOptions {
  database: Database;
  spec: LoadedSpec;
  logger: Logger;
  adminKeys: readonly string[];
  validateResponses: boolean;
  /** Requests per minute per credential, or false for no limit. */
  rateLimitPerMinute: number | false;
  /** Origins allowed to call from a browser: a list, `*`, or none. */
  corsOrigins: string[] | '*';
}

function corsMiddleware(origins: string[] | '*'): RequestHandler {
  return cors({
    origin: origins === '*' ? '*' : origins,
    exposedHeaders: ['ETag', 'X-Request-Id', 'Retry-After', 'Allow'],
    maxAge: 600,
  });
}

/** Parses JSON and JSON Merge Patch bodies up to 1 MiB. */
function jsonBodies(): RequestHandler {
  return express.json({
    type: ['application/json', 'application/merge-patch+json'],
    limit: '1mb',
    // Any JSON value is parsed, so that a body that is not an object meets the schema's answer.
    strict: false,
  });
}

/** The operations of the contract, behind the route guard, the validator and the rate limit. */
function apiRouter(options: AppOptions): Router {
  const { database, spec } = options;
  const clients = new ClientsRepository(database.db);
  const service = new ClientsService(clients, new IdempotencyRepository(database.db));
  const router = Router();

  router.use(routeGuard(spec.routes), jsonBodies());
  router.use(openApiValidator({ ...options, document: spec.document }));
  if (options.rateLimitPerMinute !== false) router.use(rateLimit(options.rateLimitPerMinute));
  router.use(healthRoutes(database.engine, () => pingDatabase(database.db)));
  router.use(clientsRoutes(clients, service));
  return router;
}

export function createApp(options: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use(requestLog(options.logger), helmet());
  if (options.corsOrigins === '*' || options.corsOrigins.length > 0) {
    app.use(corsMiddleware(options.corsOrigins));
  }
  app.use(docsRoutes(options.spec));
  app.use(API_BASE, apiRouter(options));

  app.use((req) => {
    throw new ApiError(404, `No route matches ${req.method} ${req.originalUrl.split('?')[0]}`);
  });
  app.use(errorHandler(options.logger));
  return app;
}
