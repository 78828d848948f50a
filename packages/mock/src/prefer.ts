// Checks a `Prefer` header against the operation before Prism sees it. Prism answers a status
// and an example that do not go together with a 500 and no message, or ignores the status; a
// frontend should learn what it asked wrong instead.
import type { IncomingMessage } from 'node:http';
import { type RouteOperation, resolveRef, type SpecNode } from '@mythic-analytics/contract/routes';
import type { Refusal } from './request-body.ts';

/** The `code` and `example` a `Prefer` header asks for, such as `code=404, example=gone`. */
function preferences(header: string): { code?: string; example?: string } {
  const asked: Record<string, string> = {};
  for (const part of header.split(/[,;]/)) {
    const [name, value] = part.split('=').map((token) => token.trim().replace(/^"|"$/g, ''));
    if (name && value) asked[name.toLowerCase()] = value;
  }
  return { code: asked.code, example: asked.example };
}

function exampleNames(response: unknown): string[] {
  const content = (resolveRef(response)?.content ?? {}) as SpecNode;
  const media = content['application/json'] as SpecNode | undefined;
  return Object.keys((media?.examples ?? {}) as SpecNode);
}

/** A 404 for a `Prefer` that names an example its status does not have; undefined otherwise. */
export function preferRefusal(
  req: IncomingMessage,
  operation: RouteOperation | undefined,
): Refusal | undefined {
  const header = req.headers.prefer;
  if (operation === undefined || typeof header !== 'string') return undefined;
  const { code, example } = preferences(header);
  if (example === undefined) return undefined;

  const responses = (operation.node.responses ?? {}) as SpecNode;
  // Without a code, Prism picks among the examples of the success answer.
  const status = code ?? Object.keys(responses).find((key) => key.startsWith('2'));
  if (status === undefined || !(status in responses)) return undefined;
  const names = exampleNames(responses[status]);
  if (names.includes(example)) return undefined;

  const known = names.length > 0 ? `its examples are ${names.join(', ')}` : 'it has no example';
  const missing = `${operation.operationId} has no example ${example} for status ${status}`;
  return { status: 404, message: `${missing}; ${known}` };
}
