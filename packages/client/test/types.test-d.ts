// What the compiler lets through: right calls compile, wrong ones must not. Each
// `@ts-expect-error` fails the run once its line compiles, so a loosened type cannot go unseen.
import type { ClientPatch, ErrorDetail } from '@mythic-analytics/contract';
import { describe, expectTypeOf, it } from 'vitest';
import { createMythicClient, type MythicClientOptions } from '../src/index.ts';

const mythic = createMythicClient({ baseUrl: 'http://localhost:3000/api/v1', adminKey: 'key' });
const id = 'acme-retail';

describe('client options', () => {
  it('take one admin key, either way, or none', () => {
    createMythicClient({ baseUrl: 'http://localhost:3000/api/v1', apiKey: 'key' });
    createMythicClient({ baseUrl: 'http://localhost:3000/api/v1' });
    const options: MythicClientOptions = { baseUrl: 'http://x/api/v1', adminKey: 'key' };
    createMythicClient(options);
  });

  it('reject both keys at once', () => {
    // @ts-expect-error adminKey and apiKey are the same key sent two ways: give one
    createMythicClient({ baseUrl: 'http://localhost:3000/api/v1', adminKey: 'a', apiKey: 'b' });
  });
});

describe('raw openapi-fetch methods', () => {
  it('accept right calls and type the answer from the contract', async () => {
    const { data, error } = await mythic.PATCH('/clients/{id}', {
      params: { path: { id } },
      body: { name: 'Acme Retail', status: true },
    });
    if (data) expectTypeOf(data.data.publishable_key).toEqualTypeOf<string>();
    if (error) {
      expectTypeOf(error.code).toEqualTypeOf<number>();
      expectTypeOf(error.details).toEqualTypeOf<ErrorDetail[] | undefined>();
    }
  });

  it('reject a wrong type, an unknown path and a missing path parameter', () => {
    mythic.PATCH('/clients/{id}', {
      params: { path: { id } },
      // @ts-expect-error status is a boolean, not a string
      body: { status: 'true' },
    });
    // @ts-expect-error no such path in the contract
    mythic.GET('/customers');
    // @ts-expect-error PUT is not an operation of /clients/{id}
    mythic.PUT('/clients/{id}', { params: { path: { id } } });
    // @ts-expect-error the path parameter id is required
    mythic.GET('/clients/{id}', { params: { path: {} } });
    // @ts-expect-error params with the path parameter are required
    mythic.GET('/clients/{id}');
  });
});

describe('resource helpers', () => {
  it('accept every writable field, null to clear, and the options', () => {
    mythic.clients.update(
      id,
      { email: null, api_metadata: { plan: 'growth' } },
      { ifMatch: '"1"' },
    );
    mythic.clients.create({ name: 'Acme Retail' }, { idempotencyKey: 'create-acme-1' });
    mythic.clients.list({ status: true, limit: 50, company_id: 'cmp_7kH3nPqR' });
    mythic.clients.rotateKeys(id, { keys: 'both' });
    mythic.clients.delete(id, { ifMatch: '"1"' });
  });

  it('reject the misspelled field that raw calls let through', () => {
    // @ts-expect-error nme is not a field of ClientPatch
    mythic.clients.update(id, { nme: 'Acme Retail' });
    // @ts-expect-error a right field does not excuse a wrong one beside it
    mythic.clients.update(id, { name: 'Acme Retail', emial: 'ops@acme-retail.com' });
    // @ts-expect-error nme is not a field of ClientCreate
    mythic.clients.create({ name: 'Acme Retail', nme: 'x' });
    // @ts-expect-error secret_key is read-only: rotate the keys instead
    mythic.clients.update(id, { secret_key: 'sk_0' });
  });

  it('reject an empty patch, which the contract refuses (minProperties: 1)', () => {
    // @ts-expect-error a patch names at least one field
    mythic.clients.update(id, {});
    const empty = {};
    // @ts-expect-error from a variable too
    mythic.clients.update(id, empty);
    const maybeEmpty: ClientPatch = { name: 'Acme Retail' };
    // @ts-expect-error a ClientPatch may be empty: type it NonEmptyClientPatch, or use satisfies
    mythic.clients.update(id, maybeEmpty);
    const named = { name: 'Acme Retail' } satisfies ClientPatch;
    mythic.clients.update(id, named);
  });

  it('check a variable only for the fields it shares with the patch', () => {
    // Known hole: no excess-property check away from the call's own literal, so this compiles.
    const misspelt = { name: 'Acme Retail', nme: 'x' };
    mythic.clients.update(id, misspelt);
    // satisfies brings the check back where the variable is written.
    // @ts-expect-error nme is not a field of ClientPatch
    const checked = { name: 'Acme Retail', nme: 'x' } satisfies ClientPatch;
    mythic.clients.update(id, checked);
  });

  it('reject wrong types, a missing required field and a missing id', () => {
    // @ts-expect-error status is a boolean
    mythic.clients.update(id, { status: 'yes' });
    // @ts-expect-error name cannot be cleared
    mythic.clients.update(id, { name: null });
    // @ts-expect-error name is required to create
    mythic.clients.create({ domain: 'acme-retail.com' });
    // @ts-expect-error keys is secret, publishable or both
    mythic.clients.rotateKeys(id, { keys: 'all' });
    // @ts-expect-error status filters by a boolean
    mythic.clients.list({ status: 'active' });
    // @ts-expect-error the id is required
    mythic.clients.get();
  });

  it('return the envelope typed per status and the client on success', async () => {
    const { data, error } = await mythic.clients.get(id);
    if (error) expectTypeOf(error.details).toEqualTypeOf<ErrorDetail[] | undefined>();
    if (data) expectTypeOf(data.data.status).toEqualTypeOf<boolean>();

    for await (const client of mythic.listAll({ status: true })) {
      expectTypeOf(client.id).toEqualTypeOf<string>();
    }
  });
});
