// The HTTP front of the mock. It answers what Prism cannot or should not: the base path, CORS,
// paths that do not decode, bodies the server would refuse. Everything else goes to Prism, and
// Prism's answer comes back as it is, except for its own error shapes, which become the
// contract's envelope.
import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { matchRoute, type RouteOperation } from '@mythic-analytics/contract/routes';
import { detailsFromViolations, envelope, envelopeFromProblem, sendEnvelope } from './envelope.ts';
import { preferRefusal } from './prefer.ts';
import type { SupervisedPrism } from './prism.ts';
import { judgeBody, type Refusal, readBody } from './request-body.ts';

export { MAX_BODY_BYTES } from './request-body.ts';

/** The mock answers under the same base path as the server. */
export const BASE_PATH = '/api/v1';
const PRISM_TIMEOUT_MS = 15_000;
const RETRY_DELAY_MS = 100;
const BAD_REQUEST = 'The request contains invalid parameters or malformed data';
const UNAUTHORIZED = 'Authentication required. Please provide a valid API token';

const CORS_ALLOW_METHODS = 'GET, HEAD, POST, PATCH, DELETE, OPTIONS';
const CORS_ALLOW_HEADERS =
  'Authorization, X-API-Key, Content-Type, Prefer, If-Match, Idempotency-Key, X-Request-Id';
const CORS_EXPOSE_HEADERS = 'ETag, Retry-After, X-Request-Id, Allow, sl-violations';
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding'];
const REQUEST_ID = /^[\w.:@-]{1,128}$/;

/** The request as it goes to Prism. */
interface Target {
  /** HEAD goes as GET: Prism answers HEAD with 405, the server as GET without the body. */
  method: string;
  /** The path as Prism knows it: without the base path and a trailing slash. */
  pathname: string;
  search: string;
  headers: OutgoingHttpHeaders;
  /** Decoded: Prism gets the JSON itself. */
  body: Buffer;
}

function setCommonHeaders(req: IncomingMessage, res: ServerResponse): void {
  // Any origin, reflected as the server reflects an allowed one. Keys travel in headers, never
  // cookies, so neither sends Access-Control-Allow-Credentials.
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Expose-Headers', CORS_EXPOSE_HEADERS);

  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', requestId);
}

function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  res.writeHead(204, {
    'Access-Control-Allow-Methods': CORS_ALLOW_METHODS,
    'Access-Control-Allow-Headers': CORS_ALLOW_HEADERS,
    'Access-Control-Max-Age': '600',
  });
  res.end();
}

function relayedHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !HOP_BY_HOP.includes(name.toLowerCase())),
  );
}

/** The request's headers for Prism; the body was read whole and decoded, so its length is known. */
function forwardedHeaders(headers: IncomingHttpHeaders, body: Buffer): OutgoingHttpHeaders {
  const {
    host: _host,
    'content-length': _length,
    'content-encoding': _encoding,
    ...forwarded
  } = relayedHeaders(headers);
  if (body.length > 0) forwarded['content-length'] = String(body.length);
  return forwarded;
}

function violationsOf(answer: IncomingMessage): string | undefined {
  const header = answer.headers['sl-violations'];
  return Array.isArray(header) ? header.join(',') : header;
}

/** Whether the front rewrites Prism's answer, which it then has to read whole first. */
function needsRewrite(answer: IncomingMessage): boolean {
  const contentType = answer.headers['content-type'] ?? '';
  if (contentType.startsWith('application/problem+json')) return true;
  // Prism found what the request got wrong but answered a 400 example of the spec, whatever
  // example `Prefer` named: its details must be those of the request.
  return answer.statusCode === 400 && detailsFromViolations(violationsOf(answer)).length > 0;
}

async function readAll(stream: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Prism's problem+json as the envelope, in the server's words where the fault is the route. */
function envelopeOfProblem(req: IncomingMessage, status: number, problem: unknown, path: string) {
  const type = String((problem as { type?: unknown } | undefined)?.type ?? '');
  const route = matchRoute(path);
  if (type.endsWith('#NO_METHOD_MATCHED_ERROR') && route) {
    const { allow, template } = route;
    const message = `${req.method} is not allowed on ${template}; allowed methods are ${allow}`;
    return { body: envelope(405, message), allow };
  }
  if (type.endsWith('#NO_PATH_MATCHED_ERROR')) {
    return { body: envelope(404, `No route matches ${req.method} ${BASE_PATH}${path}`) };
  }
  return { body: envelopeFromProblem(status, problem) };
}

/** The answer the front sends instead of Prism's (see needsRewrite). */
function rewrite(req: IncomingMessage, answer: IncomingMessage, text: string, path: string) {
  const status = answer.statusCode ?? 500;
  const headers: OutgoingHttpHeaders = relayedHeaders(answer.headers);

  if (String(answer.headers['content-type']).startsWith('application/problem+json')) {
    const { body, allow } = envelopeOfProblem(req, status, parseJson(text), path);
    if (allow) headers.allow = allow;
    return { status, headers, body: JSON.stringify(body) };
  }
  const details = detailsFromViolations(violationsOf(answer));
  return { status, headers, body: JSON.stringify(envelope(400, BAD_REQUEST, details)) };
}

/** Sends Prism's answer on; `path` is the one the request named, for the front's messages. */
async function relay(
  req: IncomingMessage,
  answer: IncomingMessage,
  res: ServerResponse,
  path: string,
) {
  if (!needsRewrite(answer)) {
    res.writeHead(answer.statusCode ?? 500, relayedHeaders(answer.headers));
    // Node writes no body for a HEAD request, so a GET's answer serves it whole.
    answer.pipe(res);
    return;
  }
  const { status, headers, body } = rewrite(req, answer, await readAll(answer), path);
  headers['content-type'] = 'application/json';
  headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(status, headers);
  res.end(body);
}

/** How a request to Prism ended: answered, or lost before any answer came. */
type Outcome = 'answered' | 'refused' | 'reset';

/** Sends the request to Prism and relays its answer, unless Prism failed before answering. */
function forward(
  req: IncomingMessage,
  res: ServerResponse,
  target: Target & { port: number; path: string },
): Promise<Outcome> {
  return new Promise((resolve) => {
    const upstream = request(
      {
        host: '127.0.0.1',
        port: target.port,
        method: target.method,
        path: `${target.pathname}${target.search}`,
        headers: target.headers,
        timeout: PRISM_TIMEOUT_MS,
      },
      (answer) => void relay(req, answer, res, target.path).finally(() => resolve('answered')),
    );
    upstream.on('timeout', () => upstream.destroy(new Error('no answer in time')));
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') return resolve('refused');
      const lost = error.code === 'ECONNRESET' || error.code === 'EPIPE';
      if (lost && !res.headersSent) return resolve('reset');
      if (!res.headersSent) sendEnvelope(res, 500, `The mock's Prism failed: ${error.message}`);
      else res.destroy();
      resolve('answered');
    });
    upstream.end(target.body);
  });
}

/**
 * Forwards to the live Prism. When Prism dies, the request waits for the restart (port()
 * resolves once the new Prism answers) and goes again: as often as the connection is refused,
 * since nothing was sent, but only once after a reset, in case the request itself killed Prism.
 */
async function forwardToPrism(
  req: IncomingMessage,
  res: ServerResponse,
  prism: Pick<SupervisedPrism, 'port'>,
  target: Target & { path: string },
) {
  const deadline = Date.now() + PRISM_TIMEOUT_MS;
  let resets = 0;
  for (;;) {
    let port: number;
    try {
      port = await prism.port();
    } catch (error) {
      const reason = (error as Error).message;
      return sendEnvelope(
        res,
        503,
        `The mock's Prism is not running (${reason}); restart the mock`,
      );
    }
    const outcome = await forward(req, res, { ...target, port });
    if (outcome === 'answered') return;
    if (outcome === 'reset') resets += 1;
    if (resets > 1 || Date.now() > deadline) {
      return sendEnvelope(res, 503, "The mock's Prism dropped the request; restart the mock");
    }
    await sleep(RETRY_DELAY_MS);
  }
}

/** The path below the base path, or undefined when the request is outside it. */
function stripBasePath(pathname: string): string | undefined {
  if (pathname === BASE_PATH) return '/';
  return pathname.startsWith(`${BASE_PATH}/`) ? pathname.slice(BASE_PATH.length) : undefined;
}

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/** The name of the template's parameter at a segment, such as `id` in `/clients/{id}`. */
function parameterAt(template: string | undefined, index: number): string | undefined {
  const segment = template?.split('/')[index] ?? '';
  return /^\{(.+)\}$/.exec(segment)?.[1];
}

/** A 400 for a path segment that is not valid percent-encoded UTF-8, which crashes Prism. */
function undecodablePath(path: string): Refusal | undefined {
  const segments = path.split('/');
  const index = segments.findIndex((segment) => !decodes(segment));
  if (index < 0) return undefined;

  const field = parameterAt(matchRoute(path)?.template, index) ?? 'path';
  const message = `${field} holds a %-escape that is not valid UTF-8: ${segments[index]}`;
  return { status: 400, message: BAD_REQUEST, details: [{ field, message }] };
}

// The static list always answers `firstPage`, whose `next_cursor` would send a client walking
// the pages back to the same page forever: a request that follows a cursor gets the last page.
function scenarioHeaders(req: IncomingMessage, template: string | undefined, search: string) {
  const followsCursor = new URLSearchParams(search).has('cursor');
  const isList = template === '/clients' && (req.method === 'GET' || req.method === 'HEAD');
  return isList && followsCursor && !req.headers.prefer ? { prefer: 'example=emptyPage' } : {};
}

/** A 401 for a secured operation called without a key; any key will do on the mock. */
function credentialsRefusal(
  req: IncomingMessage,
  operation: RouteOperation | undefined,
): Refusal | undefined {
  if (!operation?.secured) return undefined;
  const bearer = /^Bearer\s+\S/i.test(req.headers.authorization ?? '');
  const apiKey = String(req.headers['x-api-key'] ?? '').trim() !== '';
  return bearer || apiKey ? undefined : { status: 401, message: UNAUTHORIZED };
}

/** What goes to Prism, or the refusal the front answers itself. */
async function targetOf(req: IncomingMessage, path: string, search: string) {
  const refusal = undecodablePath(path);
  if (refusal) {
    req.resume();
    return refusal;
  }
  const route = matchRoute(path);
  const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
  const operation = route?.operations[method];
  // As on the server, credentials are checked before the body is read.
  const unanswered = credentialsRefusal(req, operation) ?? preferRefusal(req, operation);
  if (unanswered) {
    req.resume();
    return unanswered;
  }
  const body = judgeBody(req, await readBody(req), operation?.mediaTypes ?? []);
  if (!Buffer.isBuffer(body)) return body;

  const headers = {
    ...forwardedHeaders(req.headers, body),
    ...scenarioHeaders(req, route?.template, search),
  };
  const pathname = path.length > 1 ? path.replace(/\/$/, '') : path;
  return { method, pathname, search, headers, body } satisfies Target;
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  prism: Pick<SupervisedPrism, 'port'>,
) {
  setCommonHeaders(req, res);
  if (req.method === 'OPTIONS') return answerPreflight(req, res);

  const url = new URL(req.url ?? '/', 'http://mock.invalid');
  const path = stripBasePath(url.pathname);
  if (path === undefined) {
    req.resume();
    return sendEnvelope(res, 404, `No route matches ${req.method} ${url.pathname}`);
  }

  const target = await targetOf(req, path, url.search);
  if (!('body' in target)) return sendEnvelope(res, target.status, target.message, target.details);
  await forwardToPrism(req, res, prism, { ...target, path });
}

/** The front's HTTP server, forwarding to the Prism it is given (waiting while it restarts). */
export function createFront(prism: Pick<SupervisedPrism, 'port'>): Server {
  return createServer((req, res) => {
    handle(req, res, prism).catch(() => {
      if (res.headersSent) res.destroy();
      else sendEnvelope(res, 500, 'The mock failed to answer');
    });
  });
}
