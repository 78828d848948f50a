// The HTTP front of the mock. It answers what Prism cannot or should not: the base path, CORS,
// malformed and oversized bodies. Everything else goes to Prism, and Prism's answer comes back
// as it is, except for its own error shapes, which become the contract's envelope.
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
import { detailsFromViolations, envelope, envelopeFromProblem, sendEnvelope } from './envelope.ts';
import { allowedMethods, matchPathTemplate } from './spec.ts';

/** The mock answers under the same base path as the server. */
export const BASE_PATH = '/api/v1';
export const MAX_BODY_BYTES = 1024 * 1024;
const PRISM_TIMEOUT_MS = 15_000;

const CORS_ALLOW_METHODS = 'GET, POST, PATCH, DELETE, OPTIONS';
const CORS_ALLOW_HEADERS =
  'Authorization, X-API-Key, Content-Type, Prefer, If-Match, Idempotency-Key, X-Request-Id';
const CORS_EXPOSE_HEADERS = 'ETag, Retry-After, X-Request-Id, Allow, sl-violations';
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding'];
const REQUEST_ID = /^[\w.:@-]{1,128}$/;

interface Target {
  port: number;
  /** The path as Prism knows it: without the base path. */
  pathname: string;
  search: string;
  body: Buffer;
}

function setCommonHeaders(req: IncomingMessage, res: ServerResponse): void {
  // The API authenticates with headers, never cookies; reflecting the origin still lets a
  // frontend that sends credentials by default talk to the mock.
  const origin = req.headers.origin;
  res.setHeader('Access-Control-Allow-Origin', origin ?? '*');
  if (origin) res.setHeader('Access-Control-Allow-Credentials', 'true');
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

/** The body, or undefined when it is larger than the limit (the rest is then discarded). */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
    req.resume();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else resolve(undefined);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function isJsonMediaType(contentType: string | undefined): boolean {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

function isMalformedJson(req: IncomingMessage, body: Buffer): boolean {
  if (body.length === 0 || !isJsonMediaType(req.headers['content-type'])) return false;
  try {
    JSON.parse(body.toString('utf8'));
    return false;
  } catch {
    return true;
  }
}

function relayedHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !HOP_BY_HOP.includes(name.toLowerCase())),
  );
}

/** The request's headers for Prism; the body was read whole, so its length is known. */
function forwardedHeaders(headers: IncomingHttpHeaders, body: Buffer): OutgoingHttpHeaders {
  const { host: _host, 'content-length': _length, ...forwarded } = relayedHeaders(headers);
  if (body.length > 0) forwarded['content-length'] = String(body.length);
  return forwarded;
}

/** Whether the front rewrites Prism's answer, which it then has to read whole first. */
function needsRewrite(req: IncomingMessage, answer: IncomingMessage): boolean {
  const contentType = answer.headers['content-type'] ?? '';
  if (contentType.startsWith('application/problem+json')) return true;
  // A 400 the request did not ask for: Prism found violations and answered the spec's example.
  return answer.statusCode === 400 && !req.headers.prefer && 'sl-violations' in answer.headers;
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
  const template = matchPathTemplate(path);
  if (type.endsWith('#NO_METHOD_MATCHED_ERROR') && template) {
    const allow = allowedMethods(template).join(', ');
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
  const parsed = parseJson(text);
  const headers: OutgoingHttpHeaders = relayedHeaders(answer.headers);

  if (String(answer.headers['content-type']).startsWith('application/problem+json')) {
    const { body, allow } = envelopeOfProblem(req, status, parsed, path);
    if (allow) headers.allow = allow;
    return { status, headers, body: JSON.stringify(body) };
  }
  const details = detailsFromViolations(answer.headers['sl-violations'] as string | undefined);
  if (!parsed || details.length === 0) return { status, headers, body: text };
  return { status, headers, body: JSON.stringify({ ...(parsed as object), details }) };
}

async function relay(
  req: IncomingMessage,
  answer: IncomingMessage,
  res: ServerResponse,
  path: string,
) {
  if (!needsRewrite(req, answer)) {
    res.writeHead(answer.statusCode ?? 500, relayedHeaders(answer.headers));
    answer.pipe(res);
    return;
  }
  const { status, headers, body } = rewrite(req, answer, await readAll(answer), path);
  headers['content-type'] = 'application/json';
  headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(status, headers);
  res.end(body);
}

function forward(req: IncomingMessage, res: ServerResponse, target: Target): Promise<void> {
  return new Promise((resolve) => {
    const upstream = request(
      {
        host: '127.0.0.1',
        port: target.port,
        method: req.method,
        path: `${target.pathname}${target.search}`,
        headers: forwardedHeaders(req.headers, target.body),
        timeout: PRISM_TIMEOUT_MS,
      },
      (answer) => void relay(req, answer, res, target.pathname).finally(resolve),
    );
    upstream.on('timeout', () => upstream.destroy(new Error('no answer in time')));
    upstream.on('error', (error) => {
      if (!res.headersSent) sendEnvelope(res, 500, `The mock's Prism failed: ${error.message}`);
      else res.destroy();
      resolve();
    });
    upstream.end(target.body);
  });
}

/** The path below the base path, or undefined when the request is outside it. */
function stripBasePath(pathname: string): string | undefined {
  if (pathname === BASE_PATH) return '/';
  return pathname.startsWith(`${BASE_PATH}/`) ? pathname.slice(BASE_PATH.length) : undefined;
}

async function handle(req: IncomingMessage, res: ServerResponse, prismPort: number) {
  setCommonHeaders(req, res);
  if (req.method === 'OPTIONS') return answerPreflight(req, res);

  const url = new URL(req.url ?? '/', 'http://mock.invalid');
  const path = stripBasePath(url.pathname);
  if (path === undefined) {
    req.resume();
    return sendEnvelope(res, 404, `No route matches ${req.method} ${url.pathname}`);
  }

  const body = await readBody(req);
  if (body === undefined) {
    return sendEnvelope(res, 413, 'The request body exceeds the limit of 1 MiB');
  }
  if (isMalformedJson(req, body)) {
    // Prism 5.14 never answers a malformed JSON body: the request would hang.
    return sendEnvelope(res, 400, 'The request body is not valid JSON');
  }
  await forward(req, res, { port: prismPort, pathname: path, search: url.search, body });
}

/** The front's HTTP server, forwarding to Prism on prismPort. */
export function createFront(prismPort: number): Server {
  return createServer((req, res) => {
    handle(req, res, prismPort).catch(() => {
      if (res.headersSent) res.destroy();
      else sendEnvelope(res, 500, 'The mock failed to answer');
    });
  });
}
