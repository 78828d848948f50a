// Answers what the contract's table of paths decides before credentials or a body are looked at:
// 404 for paths it does not have, 400 for a path segment that is not valid percent-encoding,
// 405 (with `Allow`) for methods a path does not have. HEAD is served as GET without a body.
// Only an operation whose spec declares 304 may answer a conditional GET with it.
import { matchRoute, type Route, type RouteOperation } from '@mythic-analytics/contract/routes';
import type { Request, RequestHandler, Response } from 'express';
import { ApiError, noRouteMatches } from './errors.ts';
import { API_BASE } from './spec.ts';

/** The spec's operation a request is for, once the route guard has found it. */
export function operationOf(res: Response): RouteOperation | undefined {
  return res.locals.operation as RouteOperation | undefined;
}

export function routeGuard(): RequestHandler {
  return (req, res, next) => {
    const route = matchRoute(req.path);
    if (!route) throw noRouteMatches(req);
    res.locals.route = `${API_BASE}${route.template}`;
    checkPercentEncoding(req.path, route.template);
    // Node sends no body to a HEAD request whatever the handler writes, so HEAD runs as GET:
    // validated, authenticated and answered with the headers GET would have.
    if (req.method === 'HEAD' && route.methods.includes('GET')) req.method = 'GET';
    if (req.method === 'OPTIONS') {
      res.set('Allow', route.allow).status(204).end();
      return;
    }
    const operation = route.operations[req.method];
    if (!operation) throw methodNotAllowed(req.method, route);
    res.locals.operation = operation;
    if (!declaresNotModified(operation)) answerInFull(req);
    next();
  };
}

function declaresNotModified(operation: RouteOperation): boolean {
  return Object.hasOwn((operation.node.responses ?? {}) as object, '304');
}

/**
 * Express turns a 200 into a bodiless 304 whenever `req.fresh`, which `If-None-Match: *` makes
 * true even for an answer without an ETag; for this request it never is.
 */
function answerInFull(req: Request): void {
  Object.defineProperty(req, 'fresh', { value: false });
}

/** A 400 naming the path parameter whose segment does not decode, such as `%ZZ`. */
function checkPercentEncoding(path: string, template: string): void {
  const segments = path.split('/');
  template.split('/').forEach((part, index) => {
    const name = /^\{(.+)\}$/.exec(part)?.[1];
    if (name === undefined) return;
    try {
      decodeURIComponent(segments[index] ?? '');
    } catch {
      throw ApiError.badRequest([
        { field: name, message: `${name} is not valid percent-encoding (such as %2D for -)` },
      ]);
    }
  });
}

function methodNotAllowed(method: string, route: Route): ApiError {
  return new ApiError(
    405,
    `${method} is not allowed on ${route.template}; allowed methods are ${route.allow}`,
    { headers: { Allow: route.allow } },
  );
}

/** Whether a body follows the headers. */
export function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
