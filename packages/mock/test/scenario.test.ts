// The client's shared scenario, the one the real server passes, against the mock.
import { afterAll, beforeAll, describe, it } from 'vitest';
// By path: the scenario is a test module of the client package, not part of its exports.
import { runClientScenario } from '../../client/test/scenario.ts';
import { type RunningMock, startMock } from '../src/index.ts';

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ port: 0 });
});
afterAll(() => mock?.close());

describe("the client's scenario", () => {
  it('passes against the static mock', async () => {
    await runClientScenario({ baseUrl: mock.baseUrl, adminKey: 'mock-admin-key', stateful: false });
  });
});
