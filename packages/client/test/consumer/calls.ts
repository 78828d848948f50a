// The consumer programs written into a project outside the workspace: a typed file checked by
// tsc for each module kind, and one script run as ESM (import) and as CommonJS (require).

/** Checked, never run: right calls compile, wrong ones must fail (else the directive fails). */
export const typedConsumer = `
import { createMythicClient, MythicNetworkError, type ClientPatch } from '@mythic-analytics/client';

const mythic = createMythicClient({ baseUrl: 'http://localhost:3000/api/v1', adminKey: 'key' });

export async function rename(id: string): Promise<string | undefined> {
  const patch = { name: 'Acme Retail', email: null } satisfies ClientPatch;
  const { data, error } = await mythic.clients.update(id, patch);
  if (error) return error.details?.[0]?.field ?? String(error.code);
  return data.data.name;
}

export async function rawRename(id: string): Promise<string | undefined> {
  const { data } = await mythic.PATCH('/clients/{id}', {
    params: { path: { id } },
    body: { name: 'Acme Retail', status: true },
  });
  return data?.data.publishable_key;
}

export const thrown: typeof MythicNetworkError = MythicNetworkError;

// Settings read from the environment may be undefined, also under exactOptionalPropertyTypes.
declare const settings: Record<string, string | undefined>;
export const configured = createMythicClient({
  baseUrl: 'http://localhost:3000/api/v1',
  adminKey: settings.MYTHIC_ADMIN_KEY,
  timeoutMs: settings.TIMEOUT_MS ? Number(settings.TIMEOUT_MS) : undefined,
});
export const reactivated = configured.clients.update('acme-retail', { status: true }, {
  ifMatch: settings.ETAG,
});

// @ts-expect-error nme is not a field of ClientPatch
mythic.clients.update('acme-retail', { nme: 'Acme Retail' });
// @ts-expect-error a patch names at least one field
mythic.clients.update('acme-retail', {});
// @ts-expect-error status is a boolean
mythic.PATCH('/clients/{id}', { params: { path: { id: 'a' } }, body: { status: 'on' } });
// @ts-expect-error no such path in the contract
mythic.GET('/customers');
// @ts-expect-error the path parameter is required
mythic.GET('/clients/{id}', { params: { path: {} } });
`;

/** Run with ESM or CommonJS: talks to the server at BASE_URL and prints what it saw as JSON. */
const program = `
async function main() {
  const baseUrl = process.env.BASE_URL;
  const mythic = createMythicClient({ baseUrl, adminKey: process.env.ADMIN_KEY, retries: 1 });

  const health = await mythic.health();
  const created = await mythic.clients.create({ name: 'Consumer ' + process.env.MODULE_KIND });
  const id = created.data.data.id;
  const updated = await mythic.clients.update(id, { email: 'ops@acme-retail.com' });
  const listed = [];
  for await (const client of mythic.listAll({ limit: 1 })) listed.push(client.id);
  const anonymous = await createMythicClient({ baseUrl }).clients.get(id);

  let networkError;
  try {
    await createMythicClient({ baseUrl: 'http://127.0.0.1:9/api/v1' }).health();
  } catch (error) {
    networkError = { isClass: error instanceof MythicNetworkError, requestId: error.requestId };
  }

  process.stdout.write(JSON.stringify({
    health: health.data.data.status,
    created: created.response.status,
    id,
    email: updated.data.data.email,
    listed: listed.includes(id),
    unauthorized: anonymous.error.code,
    networkError,
  }));
}
main().catch((error) => {
  process.stderr.write(String(error && error.stack));
  process.exit(1);
});
`;

const names = '{ createMythicClient, MythicNetworkError }';

export const esmConsumer = `import ${names} from '@mythic-analytics/client';\n${program}`;

export const cjsConsumer = `const ${names} = require('@mythic-analytics/client');\n${program}`;
