// Gives every request an id (the caller's X-Request-Id when it is sane, else a new one), echoes
// it, and writes one log line per request once the answer is sent.
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Requests the server sends itself while warming up are neither logged nor rate limited. */
export const WARMUP = Symbol('warmup');

export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    // Read now: the route guard serves HEAD as GET.
    const method = req.method;
    const given = req.get('X-Request-Id');
    const requestId = given !== undefined && REQUEST_ID.test(given) ? given : randomUUID();
    res.locals.requestId = requestId;
    res.set('X-Request-Id', requestId);

    if (!(WARMUP in req)) {
      res.on('finish', () => {
        const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
        const line = {
          requestId,
          method,
          route: res.locals.route ?? req.route?.path ?? null,
          status: res.statusCode,
          durationMs: Math.round(durationMs * 100) / 100,
        };
        logger.info(line, 'request');
      });
    }
    next();
  };
}
