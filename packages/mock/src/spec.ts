// The bundled contract as plain data, and the named examples a frontend can ask the mock for.
import { readFileSync } from 'node:fs';
import { specPath } from '@mythic-analytics/contract';
import { parse } from 'yaml';

type Node = Record<string, unknown>;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

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
  node: Node;
}

export const spec = parse(readFileSync(specPath, 'utf8')) as Node;

/** The node a local `$ref` points at, or the node itself when it is not a reference. */
export function resolve(node: unknown): Node {
  const ref = (node as Node | undefined)?.$ref;
  if (typeof ref !== 'string') return (node ?? {}) as Node;
  const keys = ref.replace(/^#\//, '').split('/');
  return resolve(keys.reduce<unknown>((at, key) => (at as Node)[key], spec));
}

function entries(node: unknown): [string, unknown][] {
  return Object.entries((node ?? {}) as Node);
}

/** The methods of a path item, lower-case, in the order the spec lists them. */
function methodsOf(pathItem: Node): string[] {
  return Object.keys(pathItem).filter((key) => HTTP_METHODS.includes(key));
}

/** Every operation of the contract, in the order of the spec. */
export function listOperations(): Operation[] {
  return entries(spec.paths).flatMap(([path, item]) => {
    const pathItem = item as Node;
    return methodsOf(pathItem).map((method) => {
      const node = pathItem[method] as Node;
      return {
        operationId: String(node.operationId),
        method,
        path,
        summary: String(node.summary),
        node,
      };
    });
  });
}

/**
 * The methods a path template has, as `Allow` lists them: upper-case, in the spec's order, and
 * HEAD after GET, since HEAD is answered as GET.
 */
export function allowedMethods(template: string): string[] {
  const pathItem = ((spec.paths as Node)[template] ?? {}) as Node;
  return methodsOf(pathItem).flatMap((method) =>
    method === 'get' ? ['GET', 'HEAD'] : [method.toUpperCase()],
  );
}

function templatePattern(template: string): RegExp {
  const source = template
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  // As on the server, a trailing slash names the same path.
  return new RegExp(`^${source}/?$`);
}

const templates = Object.keys(spec.paths as Node).map((template) => ({
  template,
  pattern: templatePattern(template),
}));

/** The path template of the spec that a concrete path such as `/clients/x` falls under. */
export function matchPathTemplate(path: string): string | undefined {
  return templates.find(({ pattern }) => pattern.test(path))?.template;
}

/** The media types the operation's request body may have; empty when it takes no body. */
export function requestMediaTypes(template: string, method: string): string[] {
  const pathItem = ((spec.paths as Node)[template] ?? {}) as Node;
  const requestBody = resolve((pathItem[method.toLowerCase()] as Node | undefined)?.requestBody);
  return Object.keys((requestBody.content ?? {}) as Node);
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
      const media = (resolve(response).content as Node | undefined)?.['application/json'];
      return entries((media as Node | undefined)?.examples).map(([example, node]) => ({
        operationId: operation.operationId,
        method: operation.method,
        path: operation.path,
        status,
        example,
        summary: String(resolve(node).summary ?? ''),
        value: resolve(node).value,
        prefer: preferHeader(status, example, status === success),
      }));
    });
  });
}
