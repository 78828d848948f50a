// The bundled contract as the server serves it: its text for the docs routes, its document for
// the validator, and the defaults and read-only fields the handlers take from it.
import { readFileSync } from 'node:fs';
import { specPath } from '@mythic-analytics/contract';
import { matchRoute, resolveRef, type SpecNode, spec } from '@mythic-analytics/contract/routes';

export interface LoadedSpec {
  yaml: string;
  document: Record<string, unknown>;
  /** The default page size of List clients. */
  defaultPageSize: number;
  /** The properties of a client that the spec marks readOnly. */
  readOnlyFields: Set<string>;
}

/** Where the operations of the contract are served. */
export const API_BASE = '/api/v1';

interface ParameterObject {
  name?: string;
  schema?: { default?: unknown };
}

function pageSizeDefault(): number {
  const listClients = matchRoute('/clients')?.operations.GET?.node;
  const parameters = ((listClients?.parameters ?? []) as unknown[]).map(
    (parameter) => resolveRef(parameter) as ParameterObject | undefined,
  );
  const value = parameters.find((parameter) => parameter?.name === 'limit')?.schema?.default;
  if (typeof value !== 'number') throw new Error('The spec gives List clients no default limit');
  return value;
}

function readOnlyProperties(): Set<string> {
  const schemas = (spec.components as { schemas?: SpecNode } | undefined)?.schemas;
  const client = schemas?.Client as { properties?: Record<string, { readOnly?: boolean }> };
  const properties = Object.entries(client?.properties ?? {});
  return new Set(properties.filter(([, schema]) => schema.readOnly).map(([name]) => name));
}

let loaded: LoadedSpec | undefined;

/** The bundled contract, read on first use and shared afterwards (callers do not change it). */
export function loadSpec(): LoadedSpec {
  loaded ??= {
    yaml: readFileSync(specPath, 'utf8'),
    document: spec,
    defaultPageSize: pageSizeDefault(),
    readOnlyFields: readOnlyProperties(),
  };
  return loaded;
}
