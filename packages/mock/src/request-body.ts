// Judges a request body before Prism sees it, as the server does: its size, its encoding, its
// media type and whether it parses. Prism would hang on malformed JSON.
import type { IncomingMessage } from 'node:http';
import type { ErrorDetail } from '@mythic-analytics/contract';

export const MAX_BODY_BYTES = 1024 * 1024;

/** Why the front answers a request itself instead of passing it on. */
export interface Refusal {
  status: number;
  message: string;
  details?: ErrorDetail[];
}

const TOO_LARGE: Refusal = { status: 413, message: 'The request body exceeds the limit of 1 MiB' };

/** The body, or undefined when it is larger than the limit (the rest is then discarded). */
export function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
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

// As on the server: bodies are small JSON documents, so only the identity encoding is taken.
function encodingRefusal(req: IncomingMessage, accepted: string[]): Refusal | undefined {
  const encoding = String(req.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  if (encoding === '' || encoding === 'identity') return undefined;
  const message =
    `Content-Encoding ${encoding} is not accepted here; send the body uncompressed as ` +
    accepted.join(' or ');
  return { status: 415, message };
}

function mediaTypeOf(req: IncomingMessage): string | undefined {
  const mediaType = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  return mediaType || undefined;
}

function mediaTypeRefusal(mediaType: string | undefined, accepted: string[]): Refusal | undefined {
  if (mediaType !== undefined && accepted.includes(mediaType)) return undefined;
  const given =
    mediaType === undefined ? 'A body without Content-Type' : `Content-Type ${mediaType}`;
  return { status: 415, message: `${given} is not accepted here; send ${accepted.join(' or ')}` };
}

/** The parsed body, or undefined when it is not JSON. */
function parsed(body: Buffer): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(body.toString('utf8')) };
  } catch {
    return undefined;
  }
}

const NOT_AN_OBJECT: Refusal = {
  status: 400,
  message: 'The request contains invalid parameters or malformed data',
  details: [{ field: 'body', message: 'Send a JSON object in the body' }],
};

/**
 * The body to pass on to Prism, or the refusal to answer instead, given the media types the
 * operation accepts. An operation that takes no body gets none: Prism ignores it anyway and
 * could hang on it.
 */
export function judgeBody(
  req: IncomingMessage,
  body: Buffer | undefined,
  accepted: string[],
): Buffer | Refusal {
  if (body === undefined) return TOO_LARGE;
  if (body.length === 0 || accepted.length === 0) return Buffer.alloc(0);

  const refusal = mediaTypeRefusal(mediaTypeOf(req), accepted) ?? encodingRefusal(req, accepted);
  if (refusal) return refusal;
  const json = parsed(body);
  if (json === undefined) return { status: 400, message: 'The request body is not valid JSON' };
  const { value } = json;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return NOT_AN_OBJECT;
  return body;
}
