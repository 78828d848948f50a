// Field rules a JSON Schema cannot state: a time zone must be one the IANA database knows, and
// api_metadata must stay under 16 KiB once serialized.
import type { ClientCreate, ClientPatch, ErrorDetail } from '@mythic-analytics/contract';
import { ApiError } from './errors.ts';

const MAX_METADATA_BYTES = 16 * 1024;

const knownTimezones = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);

function timezoneProblem(timezone: string | undefined): ErrorDetail | undefined {
  if (timezone === undefined || knownTimezones.has(timezone)) return undefined;
  return {
    field: 'timezone',
    message: `${timezone} is not an IANA time zone; use a name such as America/Los_Angeles`,
  };
}

function metadataProblem(metadata: Record<string, unknown> | undefined): ErrorDetail | undefined {
  if (metadata === undefined) return undefined;
  const bytes = Buffer.byteLength(JSON.stringify(metadata));
  if (bytes <= MAX_METADATA_BYTES) return undefined;
  return { field: 'api_metadata', message: `api_metadata is ${bytes} bytes; at most 16 KiB` };
}

/** Throws a 400 naming every field of a create or patch body that breaks these rules. */
export function checkFieldRules(body: ClientCreate | ClientPatch): void {
  const details = [timezoneProblem(body.timezone), metadataProblem(body.api_metadata)].filter(
    (detail): detail is ErrorDetail => detail !== undefined,
  );
  if (details.length > 0) throw ApiError.badRequest(details);
}
