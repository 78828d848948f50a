// Finds the changes between two versions of the contract that break existing callers.
import { apiCompare } from 'api-smart-diff';

export interface BreakingChange {
  path: string;
  description: string;
}

interface Servers {
  servers?: { url: string }[];
}

/**
 * Components that api-smart-diff reports twice: once under `components`, classified without
 * knowing whether a request or a response uses them, and again, correctly classified, under every
 * operation that does. Security schemes are only named by operations, so they count as they are.
 */
const REPORTED_PER_OPERATION = new Set([
  'schemas',
  'responses',
  'parameters',
  'requestBodies',
  'headers',
  'examples',
]);

function isReportedPerOperation(path: readonly (string | number)[]): boolean {
  return path[0] === 'components' && REPORTED_PER_OPERATION.has(String(path[1]));
}

/** A server URL that callers were given and that is gone: api-smart-diff calls it an annotation. */
function removedServers(before: Servers, after: Servers): BreakingChange[] {
  const kept = new Set((after.servers ?? []).map((server) => server.url));
  return (before.servers ?? [])
    .filter((server) => !kept.has(server.url))
    .map((server) => ({ path: 'servers', description: `[Removed] server ${server.url}` }));
}

/** Breaking changes from `before` to `after`, both bundled OpenAPI documents. */
export function findBreakingChanges(before: object, after: object): BreakingChange[] {
  const { diffs } = apiCompare(before, after);
  const breaking = diffs
    .filter((diff) => diff.type === 'breaking' && !isReportedPerOperation(diff.path))
    .map((diff) => ({
      path: diff.path.join('/'),
      description: diff.description ?? `${diff.action} ${diff.path.join('/')}`,
    }));
  return [...breaking, ...removedServers(before, after)];
}
