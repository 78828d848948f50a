import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { redoclyBin, redoclyConfigPath } from '../lib/paths.ts';
import { copySpec, type SpecCopy } from './spec-copy.ts';

const run = promisify(execFile);

/** Lints a spec with the project's ruleset; resolves to the rule names that fired. */
async function lintRulesFired(specPath: string): Promise<string[]> {
  try {
    await run(redoclyBin, ['lint', specPath, '--config', redoclyConfigPath, '--format', 'json']);
    return [];
  } catch (error) {
    const report = JSON.parse((error as { stdout: string }).stdout);
    return report.problems.map((problem: { ruleId: string }) => problem.ruleId);
  }
}

describe("the contract's own lint rules", () => {
  let copy: SpecCopy | undefined;
  afterEach(() => copy?.remove());

  it.each([
    {
      rule: 'contract/operation-id-camel-case',
      file: 'paths/clients_{id}.yaml',
      edit: (text: string) => text.replace('operationId: getClient', 'operationId: get_client'),
    },
    {
      rule: 'contract/error-responses-use-envelope',
      file: 'components/responses/NotFound.yaml',
      edit: (text: string) =>
        text.replace('../schemas/ErrorEnvelope.yaml', '../schemas/Client.yaml'),
    },
    {
      rule: 'contract/operation-examples',
      file: 'paths/clients_{id}_rotate-keys.yaml',
      edit: (text: string) => text.replace(/\n\s+examples:\n\s+rotated:\n\s+\$ref: \S+/, ''),
    },
  ])('report $rule', async ({ rule, file, edit }) => {
    copy = await copySpec();
    await copy.edit(file, edit);

    expect(await lintRulesFired(copy.specPath)).toContain(rule);
  });
});
