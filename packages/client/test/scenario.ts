// One walk through the API with the client, for both the real server and the Prism mock: every
// answer is checked against the contract, values only where the target stores what it is sent.
import { randomUUID } from 'node:crypto';
import type { ClientPatch } from '@mythic-analytics/contract';
import { checkResponse } from '@mythic-analytics/contract/testing';
import { expect } from 'vitest';
import { createMythicClient, type MythicClient } from '../src/index.ts';

export interface ScenarioTarget {
  /** Such as http://127.0.0.1:4010/api/v1. */
  baseUrl: string;
  /** An admin key the target accepts. */
  adminKey: string;
  /**
   * True for the real server: reads reflect earlier writes. False for a static mock, which is
   * then asked for its 404 with `Prefer: code=404`.
   */
  stateful: boolean;
}

type Answer<Data, Failure> = { data?: Data; error?: Failure; response: Response };
type Operation = { method: string; path: string };

/** What the update sends: every writable field of the contract, with realistic values. */
export const everyField = {
  name: 'Acme Retail Group',
  status: true,
  domain: 'acme-retail.com',
  email: 'ops@acme-retail.com',
  phone: '+1-555-0123',
  website: 'https://acme-retail.com',
  timezone: 'America/Los_Angeles',
  global_name: 'acmeRetail',
  company_id: 'cmp_7kH3nPqR',
  agency_id: 'agy_2Rm8VxQ4',
  api_metadata: { plan: 'growth', region: 'us-west' },
  ghl_location_id: 'loc_9XbT4kWq2Lz',
  proxy_api_key: 'prx_6Jd2Qw8Zr4Tn1Vb7',
} satisfies ClientPatch;

/** Runs the whole scenario; throws (through `expect`) at the first answer that is wrong. */
export async function runClientScenario(target: ScenarioTarget): Promise<void> {
  const mythic = createMythicClient({ baseUrl: target.baseUrl, adminKey: target.adminKey });

  await checkHealth(mythic);
  const id = await createClients(mythic, target);
  const etag = await readClient(mythic, id, target);
  await updateClient(mythic, id, etag, target);
  await listClients(mythic, id, target);
  await rotateKeys(mythic, id, target);
  await refuseBadRequests(mythic, id, target);
  await deleteClient(mythic, id, target);
}

/** Checks an answer against the contract and returns its data, which must be there. */
export function expectAnswer<Data, Failure>(
  operation: Operation,
  answer: Answer<Data, Failure>,
  status: number,
): Data {
  return expectConforms(operation, answer, status, 'data') as Data;
}

/** Checks a failure against the contract and returns its envelope. */
export function expectFailure<Data, Failure>(
  operation: Operation,
  answer: Answer<Data, Failure>,
  status: number,
): Failure {
  return expectConforms(operation, answer, status, 'error') as Failure;
}

/** Checks status and body against the contract; returns the part that must be there. */
function expectConforms(
  operation: Operation,
  answer: Answer<unknown, unknown>,
  status: number,
  part: 'data' | 'error',
): unknown {
  const { response } = answer;
  const label = `${operation.method.toUpperCase()} ${operation.path}`;
  expect(response.status, `${label}: ${JSON.stringify(answer.error)}`).toBe(status);

  const violations = checkResponse({
    ...operation,
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: answer.data ?? answer.error,
  });
  expect(violations, label).toEqual([]);
  expect(answer[part], label).toBeDefined();
  return answer[part];
}

const health = { method: 'get', path: '/health' };
const list = { method: 'get', path: '/clients' };
const create = { method: 'post', path: '/clients' };
const read = { method: 'get', path: '/clients/{id}' };
const update = { method: 'patch', path: '/clients/{id}' };
const remove = { method: 'delete', path: '/clients/{id}' };
const rotate = { method: 'post', path: '/clients/{id}/rotate-keys' };

async function checkHealth(mythic: MythicClient) {
  const { data } = expectAnswer(health, await mythic.health(), 200);
  expect(data.status).toBe('ok');
}

/** Creates a client with an id and one from a name alone; returns the first one's id. */
async function createClients(mythic: MythicClient, target: ScenarioTarget): Promise<string> {
  const id = `acme-retail-${randomUUID().slice(0, 8)}`;
  const body = { id, name: 'Acme Retail', timezone: 'America/Los_Angeles' };
  const created = expectAnswer(create, await mythic.clients.create(body), 201);

  const fromName = await mythic.clients.create({ name: 'Northwind Traders' });
  const derived = expectAnswer(create, fromName, 201);
  if (!target.stateful) return created.data.id;

  expect(created.data).toMatchObject(body);
  expect(derived.data.id).toMatch(/^northwind-traders(-\d+)?$/);
  expect(derived.data.secret_key).not.toBe(created.data.secret_key);
  return id;
}

/** Reads the client back; returns its ETag. */
async function readClient(mythic: MythicClient, id: string, target: ScenarioTarget) {
  const answer = await mythic.clients.get(id);
  const { data } = expectAnswer(read, answer, 200);
  if (!target.stateful) return undefined;

  expect(data.id).toBe(id);
  const etag = answer.response.headers.get('etag');
  expect(etag).toBeTruthy();
  return etag ?? undefined;
}

async function updateClient(
  mythic: MythicClient,
  id: string,
  etag: string | undefined,
  target: ScenarioTarget,
) {
  const updated = await mythic.clients.update(id, everyField, { ifMatch: etag });
  const { data } = expectAnswer(update, updated, 200);

  // The raw openapi-fetch call, as other repositories write it.
  const raw = await mythic.PATCH('/clients/{id}', {
    params: { path: { id } },
    body: { status: false },
  });
  const deactivated = expectAnswer(update, raw, 200);
  if (!target.stateful) return;

  expect(data).toMatchObject({ id, ...everyField });
  expect(deactivated.data).toMatchObject({ id, status: false, email: everyField.email });
}

async function listClients(mythic: MythicClient, id: string, target: ScenarioTarget) {
  const page = expectAnswer(list, await mythic.clients.list({ limit: 1 }), 200);

  const byKey = createMythicClient({ baseUrl: target.baseUrl, apiKey: target.adminKey });
  expectAnswer(list, await byKey.clients.list({ status: false }), 200);

  // One client a page: two clients were created, so the walk needs a second request, which
  // must carry the cursor. The mock answers a request with a cursor with its empty page.
  const { client: walker, sent } = recordingClient(target);
  const seen: string[] = [];
  for await (const client of walker.listAll({ limit: 1 })) seen.push(client.id);
  const cursors = sent.map((url) => url.searchParams.get('cursor'));
  expect(cursors.length, 'pages requested').toBeGreaterThanOrEqual(2);
  expect(cursors[0]).toBeNull();
  for (const cursor of cursors.slice(1)) expect(cursor).toMatch(/.+/);
  if (!target.stateful) return;

  expect(page.pagination).toMatchObject({ limit: 1, has_more: true });
  expect(cursors).toHaveLength(new Set(cursors).size);
  expect(new Set(seen).size).toBe(seen.length);
  expect(seen).toContain(id);
  const inactive = [];
  for await (const client of mythic.listAll({ status: false })) inactive.push(client);
  expect(inactive.map((client) => client.id)).toContain(id);
  expect(inactive.every((client) => client.status === false)).toBe(true);
}

/** A client whose fetch records the URL of every request it sends, then sends it. */
function recordingClient(target: ScenarioTarget) {
  const sent: URL[] = [];
  const client = createMythicClient({
    baseUrl: target.baseUrl,
    adminKey: target.adminKey,
    fetch: (request) => {
      sent.push(new URL(request.url));
      return fetch(request);
    },
  });
  return { client, sent };
}

async function rotateKeys(mythic: MythicClient, id: string, target: ScenarioTarget) {
  const before = expectAnswer(read, await mythic.clients.get(id), 200).data;
  const secretOnly = expectAnswer(rotate, await mythic.clients.rotateKeys(id), 200).data;
  const both = expectAnswer(rotate, await mythic.clients.rotateKeys(id, { keys: 'both' }), 200);
  if (!target.stateful) return;

  expect(secretOnly.secret_key).not.toBe(before.secret_key);
  expect(secretOnly.publishable_key).toBe(before.publishable_key);
  expect(both.data.secret_key).not.toBe(secretOnly.secret_key);
  expect(both.data.publishable_key).not.toBe(before.publishable_key);
}

async function refuseBadRequests(mythic: MythicClient, id: string, target: ScenarioTarget) {
  const anonymous = createMythicClient({ baseUrl: target.baseUrl });
  const unauthorized = expectFailure(list, await anonymous.clients.list(), 401);
  expect(unauthorized).toMatchObject({ code: 401, error: 'Unauthorized' });

  const prefer404: Record<string, string> = target.stateful ? {} : { Prefer: 'code=404' };
  const unknown = await mythic.clients.get('no-such-client', { headers: prefer404 });
  expect(expectFailure(read, unknown, 404)).toMatchObject({ code: 404, error: 'Not Found' });

  const invalid = await mythic.clients.update(id, { email: 'not-an-email' });
  const badRequest = expectFailure(update, invalid, 400);
  expect(badRequest).toMatchObject({ code: 400, error: 'Bad Request' });
  expect(badRequest.details?.length).toBeGreaterThan(0);
  if (!target.stateful) return;

  expect(badRequest.details?.map((detail) => detail.field)).toContain('email');
  const unchanged = expectAnswer(read, await mythic.clients.get(id), 200);
  expect(unchanged.data.email).toBe(everyField.email);
}

async function deleteClient(mythic: MythicClient, id: string, target: ScenarioTarget) {
  const { data } = expectAnswer(remove, await mythic.clients.delete(id), 200);
  expect(data.deleted).toBe(true);
  if (!target.stateful) return;

  expect(data.id).toBe(id);
  expectFailure(read, await mythic.clients.get(id), 404);
}
