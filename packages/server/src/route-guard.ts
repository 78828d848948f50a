// Answers 404 for paths the contract does not have, 405 (with `Allow`) for methods a path does
// not have and 400 for a missing body the operation requires, before any body is read.
import type { Request, RequestHandler } from 'express';
import { ApiError } from './errors.ts';
import { findRoute, type SpecRoute } from './spec.ts';

export function routeGuard(routes: SpecRoute[]): RequestHandler {
  return (req, res, next) => {
    const route = findRoute(routes, req.path);
    if (!route) {
      throw new ApiError(404, `No route matches ${req.method} ${req.originalUrl.split('?')[0]}`);
    }
    res.locals.route = `/api/v1${route.template}`;
    if (!route.methods.includes(req.method)) throw methodNotAllowed(req.method, route);
    if (route.bodyRequired.includes(req.method) && !hasBody(req)) {
      throw ApiError.badRequest([{ field: 'body', message: 'Send a JSON object in the body' }]);
    }
    next();
  };
}

function methodNotAllowed(method: string, route: SpecRoute): ApiError {
  const allowed = route.methods.join(', ');
  return new ApiError(
    405,
    `${method} is not allowed on ${route.template}; allowed methods are ${allowed}`,
    { headers: { Allow: allowed } },
  );
}

/** Whether a body follows the headers (its media type is the validator's to judge). */
function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
