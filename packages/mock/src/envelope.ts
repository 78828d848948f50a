// The contract's error envelope, as the mock writes it itself or makes it out of Prism's errors.
import { type ServerResponse, STATUS_CODES } from 'node:http';
import type { ErrorDetail, ErrorEnvelope } from '@mythic-analytics/contract';

/** One entry of Prism's `sl-violations` header. */
interface Violation {
  location?: string[];
  severity?: string;
  message?: string;
}

/** The envelope of a status: `error` is the reason phrase, `code` the status. */
export function envelope(code: number, message: string, details?: ErrorDetail[]): ErrorEnvelope {
  const error = STATUS_CODES[code] ?? 'Error';
  return details ? { error, message, code, details } : { error, message, code };
}

/** Answers with an envelope; headers already set on `res` (CORS, request id) are kept. */
export function sendEnvelope(
  res: ServerResponse,
  code: number,
  message: string,
  details?: ErrorDetail[],
): void {
  const body = JSON.stringify(envelope(code, message, details));
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

/** Prism's own errors are `application/problem+json`; the contract promises the envelope. */
export function envelopeFromProblem(status: number, problem: unknown): ErrorEnvelope {
  const { detail, title } = (problem ?? {}) as { detail?: unknown; title?: unknown };
  const message = typeof detail === 'string' ? detail : String(title ?? 'The mock failed');
  return envelope(status, message);
}

// Prism names the object, not the field, of a property the schema does not allow.
const EXTRA_PROPERTY = /must NOT have additional properties; found '([^']+)'/;

function fieldOf(location: string[], message: string): string {
  const [, section, ...rest] = location;
  const extra = EXTRA_PROPERTY.exec(message)?.[1];
  const path = extra === undefined ? rest : [...rest, extra];
  if (section === 'body') return path.length > 0 ? path.join('.') : 'body';
  return path.join('.') || section || 'body';
}

/**
 * The details of a 400 made from the violations Prism found, so that they name the fields the
 * request really got wrong rather than those of the spec's first 400 example.
 */
export function detailsFromViolations(header: string | undefined): ErrorDetail[] {
  let violations: Violation[];
  try {
    violations = JSON.parse(header ?? '[]') as Violation[];
  } catch {
    return [];
  }
  return violations
    .filter((violation) => violation.severity === 'Error' && violation.location?.[0] === 'request')
    .map((violation) => {
      const message = violation.message ?? 'Breaks the contract';
      return { field: fieldOf(violation.location ?? [], message), message };
    });
}
