// Turns the errors of express-openapi-validator into ApiErrors whose details name each field
// the way a client sent it: a body property, a parameter, a header, or `body` as a whole.
import type { ErrorDetail } from '@mythic-analytics/contract';
import { CURSOR_MESSAGE } from './cursor.ts';
import { ApiError, unauthorized } from './errors.ts';
import { loadSpec } from './spec.ts';

interface ValidatorErrorItem {
  path?: string;
  message?: string;
  errorCode?: string;
}

export interface ValidatorError {
  status: number;
  message: string;
  errors: ValidatorErrorItem[];
}

/** Headers of the contract, in the spelling the contract uses. */
const HEADER_NAMES: Record<string, string> = {
  'if-match': 'If-Match',
  'idempotency-key': 'Idempotency-Key',
  authorization: 'Authorization',
  'x-api-key': 'X-API-Key',
  'content-type': 'Content-Type',
};

/** What each field's pattern or format asks for, in words rather than a regular expression. */
const EXPECTED_SHAPES: Record<string, string> = {
  id: 'id may hold only letters, digits, _ and - (1 to 255 characters)',
  name: 'name must hold a character other than white space',
  email: 'Invalid email format',
  phone: 'phone must be in international format, such as +1-555-0123 or +44 20 7946 0958',
  website: 'website must be an http or https URL, such as https://acme-retail.com',
  domain: 'domain must be a host name such as acme-retail.com, without scheme or path',
  timezone: 'timezone must be an IANA time zone name, such as America/Los_Angeles',
  cursor: CURSOR_MESSAGE,
};

const KEY_FIELDS = new Set(['publishable_key', 'secret_key']);

export function isValidatorError(error: unknown): error is ValidatorError {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as Partial<ValidatorError>;
  return typeof candidate.status === 'number' && Array.isArray(candidate.errors);
}

/** The field an error path such as `/body/email` or `/headers/if-match` is about. */
function fieldOf(path: string): string {
  const [location = '', name] = path.replace(/^\.?\/?/, '').split(/[/.]/);
  if (!name) return location === 'body' || location === '' ? 'body' : location;
  if (location === 'headers') return HEADER_NAMES[name.toLowerCase()] ?? name;
  return name;
}

function unknownFieldMessage(field: string, operationId: string | undefined): string {
  // Rotate keys' body names the keys to issue, not fields of a client.
  if (operationId === 'rotateClientKeys') {
    return `${field} is not a field of the rotate-keys request`;
  }
  if (KEY_FIELDS.has(field)) {
    return `${field} is read-only; use POST /clients/{id}/rotate-keys to issue keys`;
  }
  if (loadSpec().readOnlyFields.has(field)) return `${field} is read-only`;
  return `${field} is not a field of a client`;
}

function messageFor(field: string, item: ValidatorErrorItem, operationId?: string): string {
  const code = item.errorCode ?? '';
  if (code.startsWith('additionalProperties')) return unknownFieldMessage(field, operationId);
  if (code.startsWith('minProperties') && field === 'body') {
    return 'Provide at least one field to update';
  }
  if (code.startsWith('required')) return `${field} is required`;
  const shape = EXPECTED_SHAPES[field];
  if (shape && (code.startsWith('pattern') || code.startsWith('format'))) return shape;
  // Ajv words its messages as a predicate ("must be string"); others are sentences already.
  const message = item.message ?? 'is invalid';
  return /^(must|is) /.test(message) ? `${field} ${message}` : message;
}

/** One detail per field: the first rule a field breaks is the one worth reading. */
function detailsOf(error: ValidatorError, operationId?: string): ErrorDetail[] {
  const byField = new Map<string, ErrorDetail>();
  for (const item of error.errors) {
    const field = fieldOf(item.path ?? '');
    if (byField.has(field)) continue;
    byField.set(field, { field, message: messageFor(field, item, operationId) });
  }
  return [...byField.values()];
}

/** The validator's error as an ApiError; `operationId` names the operation the request is for. */
export function fromValidatorError(error: ValidatorError, operationId?: string): ApiError {
  switch (error.status) {
    case 400:
      return ApiError.badRequest(detailsOf(error, operationId));
    case 401:
    case 403:
      return unauthorized();
    case 413:
    case 415:
      return new ApiError(error.status);
    default:
      // Anything else from the validator (a response breaking the spec) is our fault.
      return new ApiError(500, undefined, { cause: error });
  }
}
