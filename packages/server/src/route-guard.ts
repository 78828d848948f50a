// Answers 404 for paths the contract does not have and 405 (with `Allow`) for methods a path
// does not have, before any body is read or validated.
import type { RequestHandler } from 'express';
import { ApiError } from './errors.ts';
import { findRoute, type SpecRoute } from './spec.ts';

export function routeGuard(routes: SpecRoute[]): RequestHandler {
  return (req, res, next) => {
    const route = findRoute(routes, req.path);
    if (!route) {
      throw new ApiError(404, `No route matches ${req.method} ${req.originalUrl.split('?')[0]}`);
    }
    res.locals.route = `/api/v1${route.template}`;
    if (route.methods.includes(req.method)) return next();

    const allowed = route.methods.join(', ');
    throw new ApiError(
      405,
      `${req.method} is not allowed on ${route.template}; allowed methods are ${allowed}`,
      { headers: { Allow: allowed } },
    );
  };
}
