// Judges a request body by its headers before a byte of it is read: a compressed body, a media
// type the operation does not accept (415) or a missing body the operation requires (400).
// A body sent to an operation that takes none is ignored unread, its headers included.
import type { RouteOperation } from '@mythic-analytics/contract/routes';
import type { Request, RequestHandler } from 'express';
import { ApiError } from './errors.ts';
import { hasBody, operationOf } from './route-guard.ts';

/** The accepted media types in words: `application/json or application/merge-patch+json`. */
function accepted(operation: RouteOperation): string {
  return operation.mediaTypes.join(' or ');
}

/** Whether the spec gives the operation a request body to read. */
export function takesBody(operation: RouteOperation | undefined): boolean {
  return operation !== undefined && operation.mediaTypes.length > 0;
}

function mediaTypeOf(req: Request): string | undefined {
  return req.get('Content-Type')?.split(';')[0]?.trim().toLowerCase() || undefined;
}

// Bodies are small JSON documents: compression would save little and let a small request
// inflate into a large one, so only the identity encoding is accepted.
function encodingProblem(req: Request, operation: RouteOperation): ApiError | undefined {
  const encoding = req.get('Content-Encoding')?.trim().toLowerCase();
  if (encoding === undefined || encoding === '' || encoding === 'identity') return undefined;
  return new ApiError(
    415,
    `Content-Encoding ${encoding} is not accepted here; send the body uncompressed as ` +
      accepted(operation),
  );
}

function mediaTypeProblem(req: Request, operation: RouteOperation): ApiError | undefined {
  const mediaType = mediaTypeOf(req);
  if (mediaType !== undefined && operation.mediaTypes.includes(mediaType)) return undefined;
  const given =
    mediaType === undefined ? 'A body without Content-Type' : `Content-Type ${mediaType}`;
  return new ApiError(415, `${given} is not accepted here; send ${accepted(operation)}`);
}

export function bodyGuard(): RequestHandler {
  return (req, res, next) => {
    const operation = operationOf(res);
    if (!operation) return next();
    if (!hasBody(req)) {
      if (!operation.bodyRequired) return next();
      throw ApiError.badRequest([{ field: 'body', message: 'Send a JSON object in the body' }]);
    }
    // Such an operation declares no 415: what it never reads, it has no reason to refuse.
    if (!takesBody(operation)) return next();

    const problem = encodingProblem(req, operation) ?? mediaTypeProblem(req, operation);
    if (problem) throw problem;
    next();
  };
}
