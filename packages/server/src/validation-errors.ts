// Turns the errors of express-openapi-validator into ApiErrors whose details name each field
// the way a client sent it: a body property, a parameter, a header, or `body` as a whole.
import type { ErrorDetail } from '@mythic-analytics/contract';
import { ApiError } from './errors.ts';

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

const READ_ONLY_FIELDS = new Set([
  'id',
  'publishable_key',
  'secret_key',
  'created_at',
  'updated_at',
]);
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

function messageFor(field: string, item: ValidatorErrorItem): string {
  const code = item.errorCode ?? '';
  if (code.startsWith('additionalProperties')) {
    if (KEY_FIELDS.has(field)) {
      return `${field} is read-only; use POST /clients/{id}/rotate-keys to issue keys`;
    }
    if (READ_ONLY_FIELDS.has(field)) return `${field} is read-only`;
    return `${field} is not a field of a client`;
  }
  if (code.startsWith('minProperties') && field === 'body') {
    return 'Provide at least one field to update';
  }
  if (code.startsWith('required')) return `${field} is required`;
  if (code.startsWith('format') && field === 'email') return 'Invalid email format';
  // Ajv words its messages as a predicate ("must be string"); others are sentences already.
  const message = item.message ?? 'is invalid';
  return /^(must|is) /.test(message) ? `${field} ${message}` : message;
}

function detailsOf(error: ValidatorError): ErrorDetail[] {
  return error.errors.map((item) => {
    const field = fieldOf(item.path ?? '');
    return { field, message: messageFor(field, item) };
  });
}

export function fromValidatorError(error: ValidatorError): ApiError {
  switch (error.status) {
    case 400:
      return ApiError.badRequest(detailsOf(error));
    case 401:
    case 403:
      return new ApiError(401);
    case 413:
    case 415:
      return new ApiError(error.status);
    default:
      // Anything else from the validator (a response breaking the spec) is our fault.
      return new ApiError(500, undefined, { cause: error });
  }
}
