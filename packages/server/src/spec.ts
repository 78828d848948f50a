// The bundled contract, read once: its document for the validator and the docs routes, and the
// table of its paths and methods for answering 404 and 405.
import { readFileSync } from 'node:fs';
import { specPath } from '@mythic-analytics/contract';
import { parse } from 'yaml';

export interface SpecRoute {
  /** The spec's template, such as `/clients/{id}`. */
  template: string;
  pattern: RegExp;
  /** Upper-case methods, in the order the spec lists them. */
  methods: string[];
  /** The methods whose request body is required. */
  bodyRequired: string[];
}

export interface LoadedSpec {
  yaml: string;
  document: Record<string, unknown>;
  routes: SpecRoute[];
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

type PathItem = Record<string, { requestBody?: { required?: boolean } } | undefined>;

function toRoute(template: string, item: PathItem): SpecRoute {
  const source = template
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  const methods = HTTP_METHODS.filter((method) => method in item);
  return {
    template,
    pattern: new RegExp(`^${source}/?$`),
    methods: methods.map((method) => method.toUpperCase()),
    bodyRequired: methods
      .filter((method) => item[method]?.requestBody?.required === true)
      .map((method) => method.toUpperCase()),
  };
}

export function loadSpec(): LoadedSpec {
  const yaml = readFileSync(specPath, 'utf8');
  const document = parse(yaml) as Record<string, unknown>;
  const paths = (document.paths ?? {}) as Record<string, PathItem>;
  const routes = Object.entries(paths).map(([template, item]) => toRoute(template, item));
  return { yaml, document, routes };
}

/** The route of the spec a path (relative to /api/v1) belongs to, if any. */
export function findRoute(routes: SpecRoute[], path: string): SpecRoute | undefined {
  return routes.find((route) => route.pattern.test(path));
}
