// Finds the changes between two versions of the contract that break existing callers.
import { apiCompare } from 'api-smart-diff';

export interface BreakingChange {
  path: string;
  description: string;
}

/**
 * Breaking changes from `before` to `after`, both bundled OpenAPI documents.
 * Only changes seen through an operation count: api-smart-diff classifies a change under
 * `components` without knowing whether a request or a response uses it, and reports it again,
 * correctly classified, under every operation that does.
 */
export function findBreakingChanges(before: object, after: object): BreakingChange[] {
  const { diffs } = apiCompare(before, after);
  return diffs
    .filter((diff) => diff.type === 'breaking' && diff.path[0] !== 'components')
    .map((diff) => ({
      path: diff.path.join('/'),
      description: diff.description ?? `${diff.action} ${diff.path.join('/')}`,
    }));
}
