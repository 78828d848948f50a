// The one error path of the API: every failure becomes an ApiError, and one handler turns it
// into the envelope `{ error, message, code, details? }`.
import { STATUS_CODES } from 'node:http';
import type { ErrorDetail, ErrorEnvelope } from '@mythic-analytics/contract';
import type { ErrorRequestHandler, Request, Response } from 'express';
import type { Logger } from 'pino';
import { fromValidatorError, isValidatorError } from './validation-errors.ts';

/** What each status says when the failure has nothing more specific to say. */
const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'The request contains invalid parameters or malformed data',
  401: 'Authentication required. Please provide a valid API token',
  404: 'The requested resource was not found',
  409: 'The request conflicts with the current state of the client',
  412: 'The client has changed since it was read; fetch it again and retry',
  413: 'The request body exceeds the limit of 1 MiB',
  500: 'An unexpected error occurred; quote the X-Request-Id header when reporting it',
  503: 'The database is not reachable',
};

export class ApiError extends Error {
  readonly status: number;
  readonly details: ErrorDetail[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    message?: string,
    options: { details?: ErrorDetail[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message ?? DEFAULT_MESSAGES[status] ?? STATUS_CODES[status] ?? 'Error', {
      cause: options.cause,
    });
    this.name = 'ApiError';
    this.status = status;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }

  /** A 400 with one detail per offending field. */
  static badRequest(details: ErrorDetail[], message?: string): ApiError {
    return new ApiError(400, message, { details });
  }

  toEnvelope(): ErrorEnvelope {
    const envelope: ErrorEnvelope = {
      error: STATUS_CODES[this.status] ?? 'Error',
      message: this.message,
      code: this.status,
    };
    if (this.details && this.details.length > 0) envelope.details = this.details;
    return envelope;
  }
}

/** The 401 of every operation that needs a credential, naming the scheme to use. */
export function unauthorized(message?: string): ApiError {
  return new ApiError(401, message, { headers: { 'WWW-Authenticate': 'Bearer' } });
}

/** The 415 of a body in any charset but UTF-8. */
export function unsupportedCharset(): ApiError {
  return new ApiError(415, 'The body is accepted in the UTF-8 charset only; send it as UTF-8');
}

export function noRouteMatches(req: Request): ApiError {
  return new ApiError(404, `No route matches ${req.method} ${req.originalUrl.split('?')[0]}`);
}

interface BodyParserError {
  type?: unknown;
  status?: unknown;
  statusCode?: unknown;
  expose?: unknown;
  message?: unknown;
}

/** The errors of express.json, which carry a `type` naming what went wrong. */
function fromBodyParserError(error: BodyParserError): ApiError | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return new ApiError(400, 'The request body is not valid JSON');
    case 'entity.too.large':
      return new ApiError(413);
    case 'charset.unsupported':
      return unsupportedCharset();
    case 'request.aborted':
      return new ApiError(400, 'The request body ended before its announced length');
    default:
      return fromExposedClientError(error);
  }
}

/** Any other refusal that marks itself safe to show (`expose`) with a 4xx keeps its status. */
function fromExposedClientError(error: BodyParserError): ApiError | undefined {
  const status = error.status ?? error.statusCode;
  if (error.expose !== true || typeof status !== 'number' || status < 400 || status > 499) {
    return undefined;
  }
  return new ApiError(status, typeof error.message === 'string' ? error.message : undefined);
}

/**
 * Database refusals a client's value can cause, should one pass every earlier check: a NUL
 * character PostgreSQL cannot store in text, and a number beyond a column's range.
 */
function fromDatabaseError(error: { code?: unknown }): ApiError | undefined {
  if (error.code === '22021' || error.code === '22P05') {
    return new ApiError(400, 'The request holds a character that cannot be stored (such as NUL)');
  }
  if (error.code === '22003') return new ApiError(400, 'The request holds a number out of range');
  return undefined;
}

/** PostgreSQL codes of a database that is overloaded, stopping or starting: worth a retry. */
const UNAVAILABLE_CODES = new Set([
  '57014', // statement timeout
  '57P01', // terminated by an administrator
  '57P02', // crash shutdown
  '57P03', // cannot connect now
  '53300', // too many connections
  'ECONNREFUSED',
  'ENOTFOUND',
  'ETIMEDOUT',
  'SQLITE_BUSY',
]);
const UNAVAILABLE_MESSAGES = ['timeout exceeded when trying to connect', 'Query read timeout'];
/** Seconds a client is asked to wait before retrying while the database is unavailable. */
const UNAVAILABLE_RETRY_AFTER = '5';

/** A 503 with Retry-After for a database that is overloaded, slow or unreachable. */
function fromUnavailableDatabase(error: { code?: unknown; message?: unknown }) {
  const message = typeof error.message === 'string' ? error.message : '';
  const busy =
    UNAVAILABLE_CODES.has(String(error.code)) ||
    UNAVAILABLE_MESSAGES.some((known) => message.includes(known));
  if (!busy) return undefined;
  return new ApiError(503, 'The database is busy or unreachable; retry in a few seconds', {
    headers: { 'Retry-After': UNAVAILABLE_RETRY_AFTER },
    cause: error,
  });
}

/**
 * Any thrown value as an ApiError; what is not recognised becomes a 500. `operationId`, when
 * known, words the validator's details for that operation's body.
 */
export function toApiError(error: unknown, operationId?: string): ApiError {
  if (error instanceof ApiError) return error;
  if (isValidatorError(error)) return fromValidatorError(error, operationId);
  if (typeof error === 'object' && error !== null) {
    const known =
      fromBodyParserError(error) ?? fromDatabaseError(error) ?? fromUnavailableDatabase(error);
    if (known) return known;
  }
  return new ApiError(500, undefined, { cause: error });
}

/** Sends an ApiError as the envelope, with its headers. */
export function sendError(res: Response, error: ApiError): void {
  res.set(error.headers);
  res.status(error.status).type('application/json').json(error.toEnvelope());
}

/** The last middleware: logs what the client cannot be told and answers with the envelope. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (thrown, _req, res, next) => {
    if (res.headersSent) return next(thrown);
    const error = toApiError(thrown);
    // What went wrong stays in the log, under the request id the answer carries: an error for
    // a fault, a warning for a database that is busy or away.
    const entry = { err: error.cause ?? thrown, requestId: res.locals.requestId };
    if (error.status === 500) logger.error(entry, 'request failed');
    else if (error.status > 500 && error.cause) logger.warn(entry, 'database unavailable');
    sendError(res, error);
  };
}
