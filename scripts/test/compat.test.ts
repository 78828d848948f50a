import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findBreakingChanges } from '../lib/compat.ts';
import { bundleSpec } from '../lib/contract-files.ts';
import { releasedSpecPath, specPath } from '../lib/paths.ts';

// biome-ignore lint/suspicious/noExplicitAny: a bundled OpenAPI document, edited freely below.
type Spec = any;

const released: Spec = parse(await readFile(releasedSpecPath, 'utf8'));

function changed(edit: (spec: Spec) => void): Spec {
  const spec = structuredClone(released);
  edit(spec);
  return spec;
}

describe('the compatibility check', () => {
  it('accepts the current spec against the released one', async () => {
    const current = parse(await bundleSpec(specPath));

    expect(findBreakingChanges(released, current)).toEqual([]);
  });

  it.each([
    {
      change: 'a field removed from Client',
      edit: (spec: Spec) => {
        const client = spec.components.schemas.Client;
        delete client.properties.email;
        client.required = client.required.filter((name: string) => name !== 'email');
      },
      where: 'paths//clients/{id}/patch/responses/200',
    },
    {
      change: 'a field newly required on create',
      edit: (spec: Spec) => spec.components.schemas.ClientCreate.required.push('email'),
      where: 'paths//clients/post/requestBody',
    },
    {
      change: 'an operation removed',
      edit: (spec: Spec) => delete spec.paths['/clients/{id}'].delete,
      where: 'paths//clients/{id}/delete',
    },
    {
      change: 'a nullable field made non-nullable in requests',
      edit: (spec: Spec) => {
        spec.components.schemas.Email.type = 'string';
      },
      where: 'paths//clients/{id}/patch/requestBody',
    },
    {
      change: 'the API key header renamed',
      edit: (spec: Spec) => {
        spec.components.securitySchemes.apiKeyAuth.name = 'X-Admin-Key';
      },
      where: 'components/securitySchemes/apiKeyAuth',
    },
    {
      change: 'a server moved to another base path',
      edit: (spec: Spec) => {
        spec.servers[0].url = 'https://api.mythic-analytics.com/api/v2';
      },
      where: 'servers',
    },
  ])('rejects $change', ({ edit, where }) => {
    const breaking = findBreakingChanges(released, changed(edit));

    expect(breaking.map((change) => change.path)).toContainEqual(expect.stringContaining(where));
  });

  it.each([
    {
      change: 'a new optional field in updates',
      edit: (spec: Spec) => {
        spec.components.schemas.ClientPatch.properties.notes = { type: 'string' };
      },
    },
    {
      change: 'a reworded description',
      edit: (spec: Spec) => {
        spec.info.description = 'The admin API of Mythic Analytics.';
      },
    },
  ])('accepts $change', ({ edit }) => {
    expect(findBreakingChanges(released, changed(edit))).toEqual([]);
  });
});
