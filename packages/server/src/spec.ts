// The bundled contract, read once: its document for the validator and the docs routes, and the
// table of its paths and methods for answering 404, 405, 401 and 415 before a body is read.
import { readFileSync } from 'node:fs';
import { specPath } from '@mythic-analytics/contract';
import { parse } from 'yaml';

export interface SpecOperation {
  /** Whether the operation needs a credential (the spec's security is not empty). */
  secured: boolean;
  bodyRequired: boolean;
  /** The request media types the operation accepts, in the spec's order. */
  mediaTypes: string[];
}

export interface SpecRoute {
  /** The spec's template, such as `/clients/{id}`. */
  template: string;
  pattern: RegExp;
  /** Upper-case methods, in the order the spec lists them. */
  methods: string[];
  /** The operations of the path by upper-case method. */
  operations: Record<string, SpecOperation>;
}

export interface LoadedSpec {
  yaml: string;
  document: Record<string, unknown>;
  routes: SpecRoute[];
  /** The default page size of List clients. */
  defaultPageSize: number;
  /** The properties of a client that the spec marks readOnly. */
  readOnlyFields: Set<string>;
}

/** Where the operations of the contract are served. */
export const API_BASE = '/api/v1';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface OperationObject {
  security?: unknown[];
  requestBody?: { required?: boolean; content?: Record<string, unknown> };
  parameters?: Array<{ name?: string; schema?: { default?: unknown } }>;
}
type PathItem = Record<string, OperationObject | undefined>;

function toOperation(operation: OperationObject, globalSecurity: unknown[]): SpecOperation {
  return {
    secured: (operation.security ?? globalSecurity).length > 0,
    bodyRequired: operation.requestBody?.required === true,
    mediaTypes: Object.keys(operation.requestBody?.content ?? {}),
  };
}

function toRoute(template: string, item: PathItem, globalSecurity: unknown[]): SpecRoute {
  const source = template
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  // In the spec's own order, so that `Allow` lists methods as the contract does.
  const methods = Object.keys(item).filter((key) => HTTP_METHODS.includes(key as never));
  const operations = Object.fromEntries(
    methods.map((method) => [
      method.toUpperCase(),
      toOperation(item[method] as OperationObject, globalSecurity),
    ]),
  );
  return {
    template,
    pattern: new RegExp(`^${source}/?$`),
    methods: methods.map((method) => method.toUpperCase()),
    operations,
  };
}

/** The object a local `$ref` such as `#/components/parameters/Limit` points at. */
function resolved<T>(document: Record<string, unknown>, value: T | { $ref: string }): T {
  if (typeof value !== 'object' || value === null || !('$ref' in value)) return value as T;
  const steps = value.$ref.replace(/^#\//, '').split('/');
  return steps.reduce<unknown>(
    (node, step) => (node as Record<string, unknown>)[step],
    document,
  ) as T;
}

function pageSizeDefault(document: Record<string, unknown>, paths: Record<string, PathItem>) {
  const parameters = (paths['/clients']?.get?.parameters ?? []).map((parameter) =>
    resolved(document, parameter),
  );
  const value = parameters.find((parameter) => parameter.name === 'limit')?.schema?.default;
  if (typeof value !== 'number') throw new Error('The spec gives List clients no default limit');
  return value;
}

function readOnlyProperties(document: Record<string, unknown>): Set<string> {
  const schemas = (document.components as { schemas?: Record<string, unknown> } | undefined)
    ?.schemas;
  const client = schemas?.Client as { properties?: Record<string, { readOnly?: boolean }> };
  const properties = Object.entries(client?.properties ?? {});
  return new Set(properties.filter(([, schema]) => schema.readOnly).map(([name]) => name));
}

let loaded: LoadedSpec | undefined;

/** The bundled contract, read on first use and shared afterwards (callers do not change it). */
export function loadSpec(): LoadedSpec {
  loaded ??= readSpec();
  return loaded;
}

function readSpec(): LoadedSpec {
  const yaml = readFileSync(specPath, 'utf8');
  const document = parse(yaml) as Record<string, unknown>;
  const paths = (document.paths ?? {}) as Record<string, PathItem>;
  const globalSecurity = (document.security ?? []) as unknown[];
  const routes = Object.entries(paths).map(([template, item]) =>
    toRoute(template, item, globalSecurity),
  );
  const defaultPageSize = pageSizeDefault(document, paths);
  return { yaml, document, routes, defaultPageSize, readOnlyFields: readOnlyProperties(document) };
}

/** The route of the spec a path (relative to the API base) belongs to, if any. */
export function findRoute(routes: SpecRoute[], path: string): SpecRoute | undefined {
  return routes.find((route) => route.pattern.test(path));
}
