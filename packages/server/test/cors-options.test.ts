// OPTIONS answers the same in every CORS setting: the route guard decides, 204 with Allow on a
// path of the contract and the 404 envelope elsewhere; CORS only adds its headers to a preflight.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CorsOrigins } from '../src/app.ts';
import { startTestApi, type TestApi } from './support/api.ts';
import { engines } from './support/engines.ts';

const ORIGIN = 'http://127.0.0.1:5173';
const PREFLIGHT = { origin: ORIGIN, 'access-control-request-method': 'POST' };

const SETTINGS: Array<{ name: string; corsOrigins: CorsOrigins }> = [
  { name: 'off', corsOrigins: [] },
  { name: 'local', corsOrigins: 'local' },
  { name: 'a list', corsOrigins: [ORIGIN] },
  { name: 'any origin', corsOrigins: '*' },
];

describe.each(SETTINGS)('OPTIONS with CORS $name', ({ corsOrigins }) => {
  const [engine] = engines;
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(engine as (typeof engines)[number], { corsOrigins });
  });
  afterAll(() => api.close());

  const options = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${api.server.baseUrl}${path}`, { method: 'OPTIONS', headers });

  it.each<{ given: string; headers: Record<string, string> }>([
    { given: 'no header', headers: {} },
    // An Origin alone is the actual OPTIONS request a browser sends after its preflight.
    { given: 'an Origin only', headers: { origin: ORIGIN } },
    {
      given: 'Access-Control-Request-Method only',
      headers: { 'access-control-request-method': 'GET' },
    },
  ])('answers OPTIONS with $given by 204 and Allow', async ({ headers }) => {
    const answer = await options('/clients', headers);
    expect(answer.status).toBe(204);
    expect(answer.headers.get('allow')).toBe('GET, HEAD, POST');
  });

  it.each([
    { given: 'a plain OPTIONS', headers: {} },
    { given: 'a preflight', headers: PREFLIGHT },
  ])('answers $given of a path the contract lacks with the 404 envelope', async ({ headers }) => {
    const answer = await options('/nope', headers);
    expect(answer.status).toBe(404);
    expect(await answer.json()).toEqual({
      error: 'Not Found',
      message: 'No route matches OPTIONS /api/v1/nope',
      code: 404,
    });
  });

  it('answers a preflight of a path of the contract with 204, Allow and CORS headers', async () => {
    const answer = await options('/clients', PREFLIGHT);
    expect(answer.status).toBe(204);
    expect(answer.headers.get('allow')).toBe('GET, HEAD, POST');
    const allowed = corsOrigins === '*' ? '*' : corsOrigins.length > 0 ? ORIGIN : null;
    expect(answer.headers.get('access-control-allow-origin')).toBe(allowed);
  });
});
