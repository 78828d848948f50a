// The same client scenario against the Prism mock, which answers with the spec's examples.
import { afterAll, beforeAll, describe, it } from 'vitest';
// Imported by path, not by name: the mock already depends on the client for its own tests.
import { type RunningMock, startMock } from '../../mock/src/index.ts';
import { runClientScenario } from './scenario.ts';

let mock: RunningMock;

beforeAll(async () => {
  mock = await startMock({ port: 0 });
}, 30_000);

afterAll(async () => {
  await mock?.close();
});

describe('the client against the Prism mock', { timeout: 20_000 }, () => {
  it('runs the scenario', async () => {
    await runClientScenario({ baseUrl: mock.baseUrl, adminKey: 'any-admin-key', stateful: false });
  });
});
