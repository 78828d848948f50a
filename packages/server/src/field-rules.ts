// Field rules a JSON Schema cannot state: no string may hold NUL (PostgreSQL cannot store it), a
// time zone must be one the IANA database knows, and api_metadata must be finite JSON at most 32
// levels deep and 16 KiB long. They run on every field the schema passed, so that one 400 names
// every bad field of a request.
import type { ErrorDetail } from '@mythic-analytics/contract';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { ApiError, toApiError } from './errors.ts';
import { operationOf } from './route-guard.ts';

const MAX_METADATA_BYTES = 16 * 1024;
const MAX_METADATA_DEPTH = 32;

/**
 * Whether the IANA database, as Node's ICU has it, knows `name`: a canonical zone or one of its
 * aliases (Europe/Kyiv, Etc/UTC, US/Pacific). ICU also takes any casing, which IANA names do not
 * have: each part starts with a capital, and a canonical name keeps its own spelling.
 */
function isIanaTimezone(name: string): boolean {
  if (!name.split('/').every((part) => /^[A-Z]/.test(part))) return false;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions();
    return resolved.timeZone === name || resolved.timeZone.toLowerCase() !== name.toLowerCase();
  } catch {
    return false;
  }
}

export function hasNul(value: string): boolean {
  return value.includes('\u0000');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nulProblem(field: string, value: unknown): ErrorDetail | undefined {
  if (typeof value !== 'string' || !hasNul(value)) return undefined;
  return { field, message: `${field} must not contain the NUL character (U+0000)` };
}

function timezoneProblem(timezone: unknown): ErrorDetail | undefined {
  if (typeof timezone !== 'string' || isIanaTimezone(timezone)) return undefined;
  return {
    field: 'timezone',
    message: `${timezone} is not an IANA time zone; use a name such as America/Los_Angeles`,
  };
}

/** What is wrong inside a JSON value, looking no deeper than `levelsLeft`. */
function shapeProblem(value: unknown, levelsLeft: number): string | undefined {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return 'api_metadata holds a number JSON cannot represent (such as 1e400)';
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (levelsLeft === 0) return `api_metadata nests deeper than ${MAX_METADATA_DEPTH} levels`;
  for (const inner of Object.values(value)) {
    const problem = shapeProblem(inner, levelsLeft - 1);
    if (problem) return problem;
  }
  return undefined;
}

function metadataProblem(metadata: unknown): ErrorDetail | undefined {
  if (!isPlainObject(metadata)) return undefined;
  const shape = shapeProblem(metadata, MAX_METADATA_DEPTH);
  if (shape) return { field: 'api_metadata', message: shape };
  const bytes = Buffer.byteLength(JSON.stringify(metadata));
  if (bytes <= MAX_METADATA_BYTES) return undefined;
  return { field: 'api_metadata', message: `api_metadata is ${bytes} bytes; at most 16 KiB` };
}

function bodyProblems(body: unknown): ErrorDetail[] {
  if (!isPlainObject(body)) return [];
  const nul = Object.entries(body).map(([field, value]) => nulProblem(field, value));
  return [...nul, timezoneProblem(body.timezone), metadataProblem(body.api_metadata)].filter(
    (detail): detail is ErrorDetail => detail !== undefined,
  );
}

function queryProblems(query: Record<string, unknown>): ErrorDetail[] {
  return Object.entries(query)
    .map(([name, value]) => nulProblem(name, value))
    .filter((detail): detail is ErrorDetail => detail !== undefined);
}

/** Every field rule a request breaks, skipping fields already named. */
function requestProblems(req: Request, named: ReadonlySet<string> = new Set()): ErrorDetail[] {
  return [...queryProblems(req.query), ...bodyProblems(req.body)].filter(
    (detail) => !named.has(detail.field),
  );
}

/** Placed after the validator: rejects a request that passed it but breaks a field rule. */
export function checkFieldRules(): RequestHandler {
  return (req, _res, next) => {
    const problems = requestProblems(req);
    if (problems.length > 0) throw ApiError.badRequest(problems);
    next();
  };
}

/** Placed after the validator: adds the field rules' details to the validator's 400. */
export function addFieldRuleDetails(): ErrorRequestHandler {
  return (thrown, req, res, next) => {
    const error = toApiError(thrown, operationOf(res)?.operationId);
    if (error.status !== 400 || !error.details) return next(error);
    const named = new Set(error.details.map((detail) => detail.field));
    next(ApiError.badRequest([...error.details, ...requestProblems(req, named)], error.message));
  };
}
