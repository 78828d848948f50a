// The README lists every named scenario of the spec, exactly as the spec names them today.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readmePath, withScenarioList } from '../src/scenario-list.ts';
import { listScenarios } from '../src/spec.ts';

describe('README', () => {
  it('has the scenario list of the current spec', async () => {
    const readme = await readFile(readmePath, 'utf8');

    // On failure: `pnpm --filter @mythic-analytics/mock readme` rewrites the list.
    expect(readme).toBe(withScenarioList(readme));
  });

  it('keeps every line within 100 characters, the generated list included', async () => {
    const lines = (await readFile(readmePath, 'utf8')).split('\n');

    expect(lines.filter((line) => line.length > 100)).toEqual([]);
  });

  it('names every scenario with its Prefer header', async () => {
    const readme = await readFile(readmePath, 'utf8');

    for (const scenario of listScenarios()) expect(readme).toContain(`Prefer: ${scenario.prefer}`);
  });
});
