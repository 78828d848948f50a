// The operations of the contract, and the named examples a frontend can ask the mock for.
import {
  type RouteOperation,
  resolveRef,
  routes,
  type SpecNode,
} from '@mythic-analytics/contract/routes';

/** One named example of one answer of one operation, and the `Prefer` header that selects it. */
export interface Scenario {
  operationId: string;
  method: string;
  /** The spec's path template, such as `/clients/{id}`. */
  path: string;
  status: number;
  example: string;
  summary: string;
  value: unknown;
  prefer: string;
}

/** One operation of the contract. */
export interface Operation {
  operationId: string;
  method: string;
  /** The spec's path template, such as `/clients/{id}`. */
  path: string;
  summary: string;
  node: SpecNode;
}

function entries(node: unknown): [string, unknown][] {
  return Object.entries((node ?? {}) as SpecNode);
}

/** Every operation of the contract, in the order of the spec. */
export function listOperations(): Operation[] {
  return routes.flatMap((route) =>
    route.methods.map((method) => {
      const { operationId, summary, node } = route.operations[method] as RouteOperation;
      return { operationId, method: method.toLowerCase(), path: route.template, summary, node };
    }),
  );
}

function preferHeader(status: number, example: string, isDefault: boolean): string {
  return isDefault ? `example=${example}` : `code=${status}, example=${example}`;
}

/** Every named example of every answer in the spec, by operation, then status. */
export function listScenarios(): Scenario[] {
  return listOperations().flatMap((operation) => {
    const responses = entries(operation.node.responses);
    const success = responses.map(([code]) => Number(code)).find((code) => code < 300);
    return responses.flatMap(([code, response]) => {
      const status = Number(code);
      const media = (resolveRef(response)?.content as SpecNode | undefined)?.['application/json'];
      return entries((media as SpecNode | undefined)?.examples).map(([example, node]) => ({
        operationId: operation.operationId,
        method: operation.method,
        path: operation.path,
        status,
        example,
        summary: String(resolveRef(node)?.summary ?? ''),
        value: resolveRef(node)?.value,
        prefer: preferHeader(status, example, status === success),
      }));
    });
  });
}
