import { afterEach, describe, expect, it } from 'vitest';
import { findStaleFiles, renderContractFiles } from '../lib/contract-files.ts';
import { repoRoot, specPath } from '../lib/paths.ts';
import { copySpec, type SpecCopy } from './spec-copy.ts';

describe('the generated-files check', () => {
  let copy: SpecCopy | undefined;
  afterEach(() => copy?.remove());

  it('finds nothing stale when the committed files match the spec', async () => {
    const files = await renderContractFiles(specPath);

    expect(await findStaleFiles(files, repoRoot)).toEqual([]);
  });

  it('marks every generated file stale when the spec changes', async () => {
    copy = await copySpec();
    await copy.edit('components/schemas/ClientPatch.yaml', (text) =>
      text.replace('properties:\n', 'properties:\n  notes:\n    type: string\n'),
    );

    const files = await renderContractFiles(copy.specPath);

    expect(await findStaleFiles(files, repoRoot)).toEqual([
      'packages/contract/openapi.yaml',
      'packages/contract/src/generated/schema.ts',
    ]);
  });

  it('stamps each generated file as not to be edited', async () => {
    const files = await renderContractFiles(specPath);

    for (const file of files) expect(file.content.split('\n')[0]).toMatch(/Do not edit/);
  });
});
