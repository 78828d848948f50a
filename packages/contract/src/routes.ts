// The bundled spec as data: its document, local `$ref` resolution, and the table of its paths
// and operations that a server or a mock matches requests against.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { specPath } from './index.ts';

/** A node of the spec: an object of the parsed YAML. */
export type SpecNode = Record<string, unknown>;

/** One operation of the contract, as a server or a mock needs it before reading a body. */
export interface RouteOperation {
  operationId: string;
  summary: string;
  /** Whether the operation needs a credential (its security, or the spec's, is not empty). */
  secured: boolean;
  bodyRequired: boolean;
  /** The request media types the operation accepts, in the spec's order; empty for no body. */
  mediaTypes: string[];
  /** The operation object itself, `$ref`s left as they are. */
  node: SpecNode;
}

/** One path of the contract. */
export interface Route {
  /** The spec's path template, such as `/clients/{id}`. */
  template: string;
  /** Matches a concrete path such as `/clients/x`; a trailing slash names the same path. */
  pattern: RegExp;
  /** Upper-case methods, in the order the spec lists them. */
  methods: string[];
  /** The `Allow` header of the path: its methods, and HEAD after GET, as HEAD is served as GET. */
  allow: string;
  /** The operations of the path by upper-case method. */
  operations: Record<string, RouteOperation>;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** The bundled spec, parsed once. Callers read it and do not change it. */
export const spec = parse(readFileSync(specPath, 'utf8')) as SpecNode;

const unescapeKey = (key: string) => key.replaceAll('~1', '/').replaceAll('~0', '~');

/** The keys a local `$ref` such as `#/components/parameters/Limit` points along. */
function refKeys(ref: string): string[] {
  return ref.replace(/^#\//, '').split('/').map(unescapeKey);
}

/**
 * The node at a path of keys in the spec, following `$ref`s, with the path it ends at
 * (which is where the `$ref`s lead, not the path that was asked for).
 */
export function locate(path: string[]): { node: SpecNode | undefined; path: string[] } {
  const node = path.reduce<unknown>((at, key) => (at as SpecNode | undefined)?.[key], spec) as
    | SpecNode
    | undefined;
  if (typeof node?.$ref !== 'string') return { node, path };
  return locate(refKeys(node.$ref));
}

/** The node a local `$ref` points at, or the node itself when it is not a reference. */
export function resolveRef(node: unknown): SpecNode | undefined {
  const ref = (node as SpecNode | undefined)?.$ref;
  if (typeof ref !== 'string') return node as SpecNode | undefined;
  return locate(refKeys(ref)).node;
}

function templatePattern(template: string): RegExp {
  const source = template
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${source}/?$`);
}

function toOperation(node: SpecNode, globalSecurity: unknown[]): RouteOperation {
  const requestBody = resolveRef(node.requestBody);
  return {
    operationId: String(node.operationId),
    summary: String(node.summary),
    secured: ((node.security ?? globalSecurity) as unknown[]).length > 0,
    bodyRequired: requestBody?.required === true,
    mediaTypes: Object.keys((requestBody?.content ?? {}) as SpecNode),
    node,
  };
}

function toRoute(template: string, pathItem: SpecNode, globalSecurity: unknown[]): Route {
  // In the spec's own order, so that `Allow` lists methods as the contract does.
  const methods = Object.keys(pathItem).filter((key) => HTTP_METHODS.includes(key));
  const upper = methods.map((method) => method.toUpperCase());
  return {
    template,
    pattern: templatePattern(template),
    methods: upper,
    allow: upper.flatMap((method) => (method === 'GET' ? ['GET', 'HEAD'] : [method])).join(', '),
    operations: Object.fromEntries(
      methods.map((method) => [
        method.toUpperCase(),
        toOperation(pathItem[method] as SpecNode, globalSecurity),
      ]),
    ),
  };
}

/** Every path of the contract, in the spec's order. */
export const routes: readonly Route[] = Object.entries((spec.paths ?? {}) as SpecNode).map(
  ([template, pathItem]) =>
    toRoute(template, resolveRef(pathItem) ?? {}, (spec.security ?? []) as unknown[]),
);

/** The route a path relative to the API base (such as `/clients/x`) falls under, if any. */
export function matchRoute(path: string): Route | undefined {
  return routes.find((route) => route.pattern.test(path));
}
